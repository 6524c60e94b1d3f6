import Foundation
import Testing
@testable import Datasets

/// SQuAD-format errors, task definitions as data (from JSON, pointed at other files) and the data directory.
@Suite struct SquadTests {
    func loadMessage(_ json: String) throws -> String {
        let folder = try TestFiles.scratch()
        try TestFiles.write(json, to: "xquad/xquad.en.json", in: folder)
        return TestFiles.message {
            try DatasetLoader.loadContexts(task: .xquad, split: "dev", dataDirectory: DataDirectory(path: folder))
        }
    }

    @Test func missingContext() throws {
        let message = try loadMessage(#"{"data": [{"title": "T", "paragraphs": [{"qas": []}]}]}"#)
        #expect(message == #"xquad.en.json: "data[0].paragraphs[0]" has no "context"; add it; "#
                + "fix the line or point the task at another file")
    }

    @Test func wrongTypeAndBadOffset() throws {
        let question = try loadMessage(#"{"data": [{"title": "T", "paragraphs": [{"context": "c", "qas": [{"id": "q", "question": 3, "answers": []}]}]}]}"#)
        #expect(question.hasPrefix(#"xquad.en.json: "data[0].paragraphs[0].qas[0].question" must be a string, found 3"#), "\(question)")
        let offset = try loadMessage(#"{"data": [{"title": "T", "paragraphs": [{"context": "abc", "qas": [{"id": "q", "question": "?", "answers": [{"text": "b", "answer_start": 9}]}]}]}]}"#)
        #expect(offset.hasPrefix(#"xquad.en.json: "data[0].paragraphs[0].qas[0].answers[0].answer_start" must be an integer from 0 to 3, found 9"#),
                "\(offset)")
    }

    @Test func emptyContextIsSkippedAndCounted() throws {
        let folder = try TestFiles.scratch()
        try TestFiles.write(#"{"data": [{"title": "T", "paragraphs": [{"context": " ", "qas": [{"id": "q1", "question": "?", "answers": []}]}, {"context": "Paris is big.", "qas": [{"id": "q2", "question": "Which?", "answers": [{"text": "Paris", "answer_start": 0}]}]}]}]}"#,
                            to: "xquad/xquad.en.json", in: folder)
        let (examples, report) = try DatasetLoader.loadContexts(task: .xquad, split: "dev", dataDirectory: DataDirectory(path: folder))
        #expect(examples == [ContextExample(id: "q2", title: "T", context: "Paris is big.", question: "Which?",
                                            answers: ["Paris"], answerStarts: [0], split: "dev")])
        #expect(report.skipped.map(\.reason) == ["empty context"] && report.skippedCount == 1)
        #expect(report.skipped[0].samples[0].hasSuffix("xquad.en.json data[0].paragraphs[0].qas[0] (id q1)"))
    }

    @Test func wrongEntryPoint() throws {
        let folder = try TestFiles.scratch()
        let data = try DataDirectory(path: folder)
        #expect(TestFiles.message { try DatasetLoader.load(task: .xquad, split: "dev", dataDirectory: data) }
                == #"task "xquad" is in the squad format; load it with DatasetLoader.loadContexts"#)
        #expect(TestFiles.message { try DatasetLoader.loadContexts(task: .sst2, split: "dev", dataDirectory: data) }
                == #"task "sst2" is in the rationale-jsonl format; load it with DatasetLoader.load"#)
    }
}

@Suite struct TaskDefinitionTests {
    @Test func userTaskFromJSONPointsAtAnotherFile() throws {
        let folder = try TestFiles.scratch()
        let data = try TestFiles.write(#"{"text": ["so", "good"], "y": "pos", "r": [0, 1]}"#, to: "mine/test.jsonl", in: folder)
        let definition = try TestFiles.write("""
            {"id": "my-sentiment", "format": "rationale-jsonl", "label_names": ["neg", "pos"], "label_encoding": "name",
             "has_rationales": true, "fields": {"words": "text", "label": "y", "rationale": "r"},
             "splits": [{"name": "test", "file": "\(data)"}]}
            """, to: "task.json", in: folder)
        let task = try TaskDefinition(contentsOf: definition)
        let (examples, _) = try DatasetLoader.load(task: task, split: "test", dataDirectory: DataDirectory(path: "/"))
        #expect(examples == [Example(id: "test-1", words: ["so", "good"], label: 1, rationale: [0, 1], split: "test")])
    }

    @Test func typoInTaskFileIsNamed() throws {
        let folder = try TestFiles.scratch()
        let path = try TestFiles.write(#"{"id": "t", "format": "tsv", "label_names": ["a", "b"], "label_encoding": "index", "has_rationale": true, "fields": {}, "splits": []}"#,
                                       to: "task.json", in: folder)
        let message = TestFiles.message { try TaskDefinition(contentsOf: path) }
        #expect(message.hasPrefix(#"task.json: the top-level object has no "has_rationales""#), "\(message)")
    }

    @Test func invalidDefinitionsAndLookups() throws {
        var task = TaskDefinition.cola
        task.columns = nil
        #expect(TestFiles.message { try task.validate() } == #"task "cola": a TSV task needs columns; fix the task definition"#)
        #expect(TestFiles.message { try TaskDefinition.sst2.split(named: "test") }
                == #"task "sst2" has no split "test"; its splits: train, dev"#)
        #expect(TestFiles.message { try TaskCatalog.builtIn.task(id: "imdb") }
                == "unknown task \"imdb\"; known tasks: sst2, hatexplain, cola, movies, xquad")
        #expect(TestFiles.message { try TaskCatalog([.sst2, .sst2]) }
                == #"task "sst2": two tasks share this id; fix the task definition"#)
    }
}

@Suite struct DataDirectoryTests {
    @Test func explicitThenEnvironmentThenDiscovered() throws {
        let folder = try TestFiles.scratch()
        let shared = (folder as NSString).appendingPathComponent("shared/datasets")
        let clone = (folder as NSString).appendingPathComponent("project/Sources")
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: clone, withIntermediateDirectories: true)
        let explicit = try DataDirectory.resolve(explicit: clone, environment: ["ATTRIBENCH_DATA": shared])
        #expect(explicit.path == clone && explicit.origin == .explicit)
        let fromEnvironment = try DataDirectory.resolve(environment: ["ATTRIBENCH_DATA": shared])
        #expect(fromEnvironment.path == shared && fromEnvironment.origin == .environment)
        let discovered = try DataDirectory.resolve(environment: [:], currentDirectory: clone)
        #expect(discovered.origin == .discovered && discovered.path.hasSuffix("shared/datasets"))
        #expect(discovered.resolve("sst2/x.jsonl") == discovered.path + "/sst2/x.jsonl" && discovered.resolve("/abs") == "/abs")
    }

    @Test func missingDirectoriesSayWhatToSet() throws {
        let message = TestFiles.message { try DataDirectory.resolve(environment: ["ATTRIBENCH_DATA": "/nonexistent/data"]) }
        #expect(message.hasPrefix("/nonexistent/data: the data directory (from ATTRIBENCH_DATA) does not exist"), "\(message)")
        let folder = try TestFiles.scratch()
        let searched = TestFiles.message { try DataDirectory.resolve(environment: [:], currentDirectory: folder) }
        if !FileManager.default.fileExists(atPath: "/shared/datasets") && !FileManager.default.fileExists(atPath: "/tmp/shared/datasets") {
            #expect(searched.hasPrefix("no data directory: looked for shared/datasets in \(folder), "), "\(searched)")
            #expect(searched.contains("set ATTRIBENCH_DATA"), "\(searched)")
        }
    }
}
