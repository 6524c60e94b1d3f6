import Foundation

/// The cases of ids, suites, task data and destinations.
extension BadInputCases {
    // MARK: - Unknown explainer, task and suite ids

    static let ids: [BadInput] = [
        BadInput("id: unknown explainer in a suite", expect: ["no-such-explainer", "occlusion"]) {
            try $0.run(task: sst2, explainers: #"["random", "no-such-explainer"]"#)
        },
        BadInput("id: unknown explainer to explain", expect: ["no-such-explainer", "occlusion"]) { _ in
            ["explain", "--model", try ModelFixtures.classifier.get(), "--explainer", "no-such-explainer", "a fine film"]
        },
        BadInput("id: unknown task", expect: ["unknown task \"no-such-task\"", "sst2"]) {
            try $0.run(task: #"{"task": "no-such-task", "split": "dev", "examples": 1, "model": "{classifier}"}"#)
        },
        BadInput("id: unknown split", expect: ["task \"sst2\" has no split \"no-such-split\"", "dev"]) {
            try $0.run(task: #"{"task": "sst2", "split": "no-such-split", "examples": 1, "model": "{classifier}"}"#)
        },
        BadInput("id: unknown shipped suite", expect: ["--suite no-such-suite", "no shipped suite of that name", "smoke"]) {
            ["run", "--suite", "no-such-suite", "--store", $0.store, "--out", $0.out]
        },
        BadInput("id: unknown model keyword", expect: ["task sst2", "{dir}/finetunde"]) {
            try $0.run(task: #"{"task": "sst2", "split": "dev", "examples": 1, "model": "{dir}/finetunde"}"#)
        },
    ]

    // MARK: - Malformed suite files

    static let suites: [BadInput] = [
        BadInput("suite: not JSON", expect: ["{dir}/suite.json"]) { try $0.run(suite: #"{"name": "x", "tasks": ["#) },
        BadInput("suite: empty file", expect: ["{dir}/suite.json"]) { try $0.run(suite: "") },
        BadInput("suite: a folder", expect: ["{dir}/suite.json"]) {
            try FileManager.default.createDirectory(atPath: $0.dir + "/suite.json", withIntermediateDirectories: true)
            return ["run", "--suite", $0.dir + "/suite.json", "--store", $0.store, "--out", $0.out]
        },
        BadInput("suite: unknown key", expect: ["{dir}/suite.json", "explainerz"]) {
            try $0.run(suite: #"{"name": "x", "tasks": [\#(sst2)], "explainers": ["random"], "explainerz": []}"#)
        },
        BadInput("suite: no tasks key", expect: ["{dir}/suite.json", "tasks"]) { try $0.run(suite: #"{"name": "x", "explainers": ["random"]}"#) },
        BadInput("suite: empty tasks", expect: ["{dir}/suite.json", "\"tasks\" is empty"]) {
            try $0.run(suite: #"{"name": "x", "tasks": [], "explainers": ["random"]}"#)
        },
        BadInput("suite: empty explainers", expect: ["{dir}/suite.json", "\"explainers\" is empty"]) {
            try $0.run(suite: #"{"name": "x", "tasks": [\#(sst2)], "explainers": []}"#)
        },
        BadInput("suite: negative example count", expect: ["{dir}/suite.json", "examples", "-3"]) {
            try $0.run(task: #"{"task": "sst2", "split": "dev", "examples": -3, "model": "{classifier}"}"#)
        },
        BadInput("suite: example count of the wrong type", expect: ["{dir}/suite.json", "examples"]) {
            try $0.run(task: #"{"task": "sst2", "split": "dev", "examples": "two", "model": "{classifier}"}"#)
        },
        BadInput("suite: unknown response", expect: ["{dir}/suite.json", "response", "sometimes"]) {
            try $0.run(task: #"{"task": "xquad", "split": "dev", "examples": 1, "model": "decoder", "response": "sometimes"}"#)
        },
        BadInput("suite: unknown training protocol", expect: ["{dir}/suite.json", "training_protocol", "in-task"]) {
            try $0.run(suite: #"{"name": "x", "tasks": [\#(sst2)], "explainers": ["random"], "training_protocol": "yolo"}"#)
        },
        BadInput("suite: too few bootstrap resamples", expect: ["{dir}/suite.json", "bootstrap_resamples"]) {
            try $0.run(suite: #"{"name": "x", "tasks": [\#(sst2)], "explainers": ["random"], "bootstrap_resamples": 5}"#)
        },
        BadInput("suite: explainer options not an object", expect: ["{dir}/suite.json", "options"]) {
            try $0.run(task: sst2, explainers: #"[{"id": "occlusion", "options": [1]}]"#)
        },
        BadInput("suite: unknown explainer option", expect: ["occlusion", "no_such_option"]) {
            try $0.run(task: sst2, explainers: #"[{"id": "occlusion", "options": {"no_such_option": 1}}]"#)
        },
        BadInput("suite: task definition with an unknown key", expect: ["task.json", "colour"]) {
            let definition = try $0.file("task.json", #"""
                {"id": "t", "format": "tsv", "label_names": ["n", "p"], "label_encoding": "index", "has_rationales": false, "fields": {},
                 "splits": [{"name": "dev", "file": "x.tsv"}], "colour": "red"}
                """#)
            return try $0.run(task: #"{"task": "t", "split": "dev", "examples": 1, "model": "{classifier}", "definition": "\#(definition)"}"#)
        },
    ]

    // MARK: - Task data: empty texts, rationales of the wrong length, labels outside the label set

    static let good = #"{"tokens": ["a", "fine", "film"], "label": 1, "rationale": [0, 1, 0], "rationale_soft": [0, 1, 0.5]}"#

    static let data: [BadInput] = [
        BadInput("data: rationale shorter than the words", expect: ["data.jsonl:2", "\"rationale\"", "expected 3 values", "found 2"]) {
            try $0.run(task: $0.rationaleTask(lines: [good, #"{"tokens": ["a", "bad", "film"], "label": 0, "rationale": [0, 1], "rationale_soft": [0, 1, 0]}"#]))
        },
        BadInput("data: soft rationale longer than the words", expect: ["data.jsonl:1", "\"rationale_soft\"", "expected 3 values", "found 4"]) {
            try $0.run(task: $0.rationaleTask(lines: [#"{"tokens": ["a", "bad", "film"], "label": 0, "rationale": [0, 1, 0], "rationale_soft": [0, 1, 0, 0]}"#]))
        },
        BadInput("data: soft rationale outside 0...1", expect: ["data.jsonl:1", "rationale_soft[1]", "1.5", "fix the line"]) {
            try $0.run(task: $0.rationaleTask(lines: [#"{"tokens": ["a", "bad", "film"], "label": 0, "rationale": [0, 1, 0], "rationale_soft": [0, 1.5, 0]}"#]))
        },
        BadInput("data: label index outside the label set", expect: ["data.jsonl:2", "unknown label 7", "0 (negative), 1 (positive)"]) {
            try $0.run(task: $0.rationaleTask(lines: [good, #"{"tokens": ["a", "film"], "label": 7, "rationale": [0, 1], "rationale_soft": [0, 1]}"#]))
        },
        BadInput("data: label name where an index is expected", expect: ["data.jsonl:1", "unknown label \"positive\"", "0 (negative), 1 (positive)"]) {
            try $0.run(task: $0.rationaleTask(lines: [#"{"tokens": ["a", "film"], "label": "positive", "rationale": [0, 1], "rationale_soft": [0, 1]}"#]))
        },
        BadInput("data: TSV label outside the label set", expect: ["data.tsv:2", "unknown label \"maybe\"", "\"acceptable\""]) {
            try $0.run(task: $0.tsvTask(lines: ["a fine film\tacceptable", "film a fine\tmaybe"]))
        },
        BadInput("data: TSV line with a missing column", expect: ["data.tsv:1", "expected 2 tab-separated columns"]) {
            try $0.run(task: $0.tsvTask(lines: ["a fine film"]))
        },
        BadInput("data: a line that is not JSON", expect: ["data.jsonl:2", "invalid JSON", "fix the line"]) {
            try $0.run(task: $0.rationaleTask(lines: [good, #"{"tokens": ["a""#]))
        },
        BadInput("data: words missing", expect: ["data.jsonl:1", "no \"tokens\""]) {
            try $0.run(task: $0.rationaleTask(lines: [#"{"label": 1, "rationale": [], "rationale_soft": []}"#]))
        },
        BadInput("data: every text empty", expect: ["task my-sst2", "data.jsonl:1", "empty text", "no examples", "fix the data file"]) {
            try $0.run(task: $0.rationaleTask(lines: [#"{"tokens": [], "label": 1, "rationale": [], "rationale_soft": []}"#]))
        },
        BadInput("data: one text empty (skipped, counted and named; the rest runs)", status: 0,
                 expect: ["data.jsonl:1", "empty text", "1 units computed"]) {
            try $0.run(task: $0.rationaleTask(lines: [#"{"tokens": [], "label": 1, "rationale": [], "rationale_soft": []}"#, good]))
        },
        BadInput("data: empty text to explain", expect: ["nothing to explain", "has no words"]) { _ in
            ["explain", "--model", try ModelFixtures.classifier.get(), "--explainer", "random", ""]
        },
        BadInput("data: the data file is missing", expect: ["{dir}/missing.jsonl"]) {
            let definition = try $0.file("task.json", #"""
                {"id": "t", "format": "rationale-jsonl", "label_names": ["n", "p"], "label_encoding": "index", "has_rationales": false,
                 "fields": {}, "splits": [{"name": "dev", "file": "\#($0.dir)/missing.jsonl"}]}
                """#)
            return try $0.run(task: #"{"task": "t", "split": "dev", "examples": 1, "model": "{classifier}", "definition": "\#(definition)"}"#)
        },
    ]

    // MARK: - Unwritable destinations and damaged stores

    static let destinations: [BadInput] = [
        BadInput("out: under a regular file", expect: ["--out {dir}/file/out", "{dir}/file: Not a directory", "pass a writable folder"]) {
            try $0.file("file", "x")
            return try $0.run(task: sst2).swapping($0.out, for: $0.dir + "/file/out")
        },
        BadInput("out: inside /proc", expect: ["--out /proc/attribench-out", "pass a writable folder"]) {
            try $0.run(task: sst2).swapping($0.out, for: "/proc/attribench-out")
        },
        BadInput("store: under a regular file", expect: ["run store {dir}/file/store.jsonl", "{dir}/file: Not a directory"]) {
            try $0.file("file", "x")
            return try $0.run(task: sst2).swapping($0.store, for: $0.dir + "/file/store.jsonl")
        },
        BadInput("store: a folder", expect: ["run store {dir}/folder.jsonl", "Is a directory"]) {
            try FileManager.default.createDirectory(atPath: $0.dir + "/folder.jsonl", withIntermediateDirectories: true)
            return try $0.run(task: sst2).swapping($0.store, for: $0.dir + "/folder.jsonl")
        },
        BadInput("store: a device (/dev/full)", expect: ["run store /dev/full", "not a regular file"]) {
            try $0.run(task: sst2).swapping($0.store, for: "/dev/full")
        },
        BadInput("store: a damaged line before the last", expect: ["run store {dir}/damaged.jsonl", "line 1 is damaged"]) {
            try $0.file("damaged.jsonl", "{not json\n" + BadInputWorkspace.canary + "\n")
            return try $0.run(task: sst2).swapping($0.store, for: $0.dir + "/damaged.jsonl")
        },
        BadInput("report: a store without its manifest", expect: ["{dir}/store.jsonl.run.json", "manifest"]) {
            ["report", "--store", $0.store, "--out", $0.out]
        },
        BadInput("explain: unwritable --html", expect: ["--html {dir}/file/page.html", "choose a writable path"]) {
            try $0.file("file", "x")
            return ["explain", "--model", try ModelFixtures.classifier.get(), "--explainer", "random", "--html", $0.dir + "/file/page.html",
                    "a fine film"]
        },
    ]
}

extension Array where Element == String {
    /// The arguments with `old` replaced by `new`.
    func swapping(_ old: String, for new: String) -> [String] { map { $0 == old ? new : $0 } }
}
