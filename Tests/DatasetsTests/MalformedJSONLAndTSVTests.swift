import Testing
@testable import Datasets

/// Malformed rationale JSONL and TSV files: each error names the file, the line, the field and the value.
@Suite struct MalformedJSONLTests {
    static let good = #"{"tokens": ["a", "fine", "film"], "label": 1, "rationale": [0, 1, 0], "rationale_soft": [0, 0.5, 0]}"#

    /// The message of loading `lines` as an SST-2-format file `name` (the good line first when `afterGood`).
    func loadMessage(_ line: String, name: String = "sst2_train_rationales.jsonl", afterGood: Bool = true,
                     task: TaskDefinition = .sst2) throws -> String {
        let folder = try TestFiles.scratch()
        try TestFiles.write((afterGood ? [Self.good, line] : [line]).joined(separator: "\n") + "\n", to: name, in: folder)
        var task = task
        task.splits = [SplitSource(name: "train", file: name, selectValue: task.fields.split == nil ? nil : "train")]
        return TestFiles.message { try DatasetLoader.load(task: task, split: "train", dataDirectory: DataDirectory(path: folder)) }
    }

    @Test func badJSONNamesFileAndLine() throws {
        let message = try loadMessage(#"{"tokens": ["a"], "label": 1,"#)
        #expect(message.hasPrefix("sst2_train_rationales.jsonl:2 (column"), "\(message)")
        #expect(message.contains("invalid JSON"), "\(message)")
    }

    @Test func missingField() throws {
        let message = try loadMessage(#"{"label": 1, "rationale": [], "rationale_soft": []}"#)
        #expect(message.hasPrefix(#"sst2_train_rationales.jsonl:2: the top-level object has no "tokens""#), "\(message)")
    }

    @Test func wrongType() throws {
        let message = try loadMessage(#"{"tokens": "a fine film", "label": 1, "rationale": [0], "rationale_soft": [0]}"#)
        #expect(message.hasPrefix(#"sst2_train_rationales.jsonl:2: "tokens" must be an array of strings, found "a fine film""#),
                "\(message)")
    }

    @Test func rationaleLengthMismatch() throws {
        let message = try loadMessage(#"{"tokens": ["a", "b", "c"], "label": 0, "rationale": [0, 1], "rationale_soft": [0, 1, 0]}"#)
        #expect(message == #"sst2_train_rationales.jsonl:2: field "rationale": expected 3 values (one per token), found 2; "#
                + "fix the line or point the task at another file")
    }

    @Test func rationaleValueOutsideZeroOne() throws {
        let message = try loadMessage(#"{"tokens": ["a", "b"], "label": 0, "rationale": [0, 2], "rationale_soft": [0, 1]}"#)
        #expect(message.hasPrefix(#"sst2_train_rationales.jsonl:2: "rationale" must be an array of 0/1 (one per word), found an array of 2 values"#),
                "\(message)")
    }

    @Test func softRationaleOutOfRange() throws {
        let message = try loadMessage(#"{"tokens": ["a", "b"], "label": 0, "rationale": [0, 1], "rationale_soft": [0, 1.5]}"#)
        #expect(message.hasPrefix(#"sst2_train_rationales.jsonl:2: field "rationale_soft[1]": expected a value from 0 to 1, found 1.5"#),
                "\(message)")
    }

    @Test func unknownIndexLabel() throws {
        let message = try loadMessage(#"{"tokens": ["a"], "label": 7, "rationale": [0], "rationale_soft": [0]}"#)
        #expect(message.hasPrefix(#"sst2_train_rationales.jsonl:2: field "label": unknown label 7; the task's labels are 0 (negative), 1 (positive)"#),
                "\(message)")
    }

    @Test func unknownNamedLabel() throws {
        let line = #"{"id": "p1", "split": "train", "label": "offensive", "tokens": ["a"], "rationale": [1]}"#
        let message = try loadMessage(line, name: "posts.jsonl", afterGood: false, task: .hatexplain)
        #expect(message.hasPrefix(#"posts.jsonl:1: field "label": unknown label "offensive"; the task's labels are "non-toxic", "toxic""#),
                "\(message)")
    }

    @Test func emptyTextIsSkippedAndCounted() throws {
        let folder = try TestFiles.scratch()
        let empty = #"{"tokens": [], "label": 0, "rationale": [], "rationale_soft": []}"#
        try TestFiles.write([Self.good, empty, "", Self.good].joined(separator: "\n"), to: "mine.jsonl", in: folder)
        var task = TaskDefinition.sst2
        task.splits = [SplitSource(name: "mine", file: "mine.jsonl")]
        let (examples, report) = try DatasetLoader.load(task: task, split: "mine", dataDirectory: DataDirectory(path: folder))
        #expect(examples.map(\.id) == ["mine-1", "mine-4"])
        #expect(report.loaded == 2)
        #expect(report.skipped == [LoadReport.Tally(reason: "empty text (no words)", count: 1, samples: ["mine.jsonl:2"])])
        #expect(examples[0].softRationale == [0, 0.5, 0] && examples[0].rationale == [0, 1, 0])
    }
}

@Suite struct MalformedTSVTests {
    func loadMessage(_ text: String, header: Bool = false) throws -> String {
        let folder = try TestFiles.scratch()
        try TestFiles.write(text, to: "cola/train.tsv", in: folder)
        var task = TaskDefinition.cola
        task.columns?.header = header
        return TestFiles.message { try DatasetLoader.load(task: task, split: "train", dataDirectory: DataDirectory(path: folder)) }
    }

    @Test func missingTab() throws {
        let message = try loadMessage("good sentence\t1\nno tab here 1\n")
        #expect(message == #"train.tsv:2: expected 2 tab-separated columns (sentence<TAB>label), found 1: "no tab here 1"; "#
                + "fix the line or point the task at another file")
    }

    @Test func nonIntegerLabel() throws {
        let message = try loadMessage("good sentence\t1\nanother one\t0\nthird\tyes\n")
        #expect(message.hasPrefix(#"train.tsv:3: field "label": unknown label "yes"; the task's labels are 0 (unacceptable), 1 (acceptable)"#),
                "\(message)")
    }

    @Test func labelOutOfRange() throws {
        let message = try loadMessage("good sentence\t2\n")
        #expect(message.hasPrefix(#"train.tsv:1: field "label": unknown label "2""#), "\(message)")
    }

    @Test func wrongHeaderRow() throws {
        let message = try loadMessage("text\tlabel\ngood\t1\n", header: true)
        #expect(message.hasPrefix(#"train.tsv:1: expected the header row "sentence<TAB>label", found "text"#), "\(message)")
    }

    @Test func headerBlankAndEmptyTextAreCounted() throws {
        let folder = try TestFiles.scratch()
        try TestFiles.write("sentence\tlabel\nthe cat sat\t1\n\n \t0\ncat the sat\t0\r\n", to: "cola/train.tsv", in: folder)
        var task = TaskDefinition.cola
        task.columns?.header = true
        let (examples, report) = try DatasetLoader.load(task: task, split: "train", dataDirectory: DataDirectory(path: folder))
        #expect(examples.map(\.words) == [["the", "cat", "sat"], ["cat", "the", "sat"]])
        #expect(examples.map(\.label) == [1, 0] && examples.map(\.id) == ["train-2", "train-5"])
        #expect(report.skipped.map(\.reason) == ["blank line", "empty text (no words)"])
        #expect(report.skipped.map(\.samples) == [["train.tsv:3"], ["train.tsv:4"]])
    }
}
