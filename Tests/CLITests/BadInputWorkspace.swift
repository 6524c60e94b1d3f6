import Foundation
import Testing

/// A fresh folder for one bad-input case, with helpers that write the case's files. Paths in a case's
/// expected messages are written with placeholders (`{dir}`, `{encoder}`, `{decoder}`, `{classifier}`)
/// that `expand` fills in.
struct BadInputWorkspace {
    let dir: String
    /// The case's run store, holding one unit before the command runs (`canary`).
    var store: String { dir + "/store.jsonl" }
    var out: String { dir + "/out" }

    /// A unit already computed: a failing command must leave it in the store.
    static let canary = #"{"task":"sst2","example":"dev-0","explainer":"random","status":"ok","metrics":{},"forward_passes":0,"#
        + #""backward_passes":0,"seconds":0,"features":["a"],"scores":[0.5]}"#

    init() throws {
        dir = NSTemporaryDirectory() + "attribench-bad-input-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try (Self.canary + "\n").write(toFile: store, atomically: true, encoding: .utf8)
    }

    /// Removes the folder (an encoder case holds a 90 MB copy of the model).
    func remove() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Writes `text` to `name` in the folder and returns the path.
    @discardableResult
    func file(_ name: String, _ text: String) throws -> String {
        let path = dir + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    /// `attribench run` of a suite file holding `json`, into the case's store and output folder.
    func run(suite json: String) throws -> [String] {
        ["run", "--suite", try file("suite.json", expand(json)), "--store", store, "--out", out]
    }

    /// `attribench run` of one task entry (JSON object text) with `explainers`.
    func run(task: String, explainers: String = #"["random"]"#) throws -> [String] {
        try run(suite: #"{"name": "bad-input", "bootstrap_resamples": 100, "lds_ablations": 4, "tasks": [\#(task)], "explainers": \#(explainers)}"#)
    }

    /// A task entry of SST-2 format read from a data file holding `lines` (its own task definition).
    func rationaleTask(lines: [String], model: String = "{classifier}") throws -> String {
        let data = try file("data.jsonl", lines.joined(separator: "\n") + "\n")
        let definition = try file("task.json", #"""
            {"id": "my-sst2", "format": "rationale-jsonl", "label_names": ["negative", "positive"], "label_encoding": "index",
             "has_rationales": true, "fields": {"rationale": "rationale", "soft_rationale": "rationale_soft"},
             "splits": [{"name": "dev", "file": "\#(data)"}]}
            """#)
        return #"{"task": "my-sst2", "split": "dev", "examples": 2, "model": "\#(model)", "definition": "\#(definition)"}"#
    }

    /// A task entry of CoLA (TSV) format read from a data file holding `lines`.
    func tsvTask(lines: [String]) throws -> String {
        let data = try file("data.tsv", lines.joined(separator: "\n") + "\n")
        let definition = try file("task.json", #"""
            {"id": "my-cola", "format": "tsv", "label_names": ["unacceptable", "acceptable"], "label_encoding": "name",
             "has_rationales": false, "fields": {}, "columns": {"names": ["text", "label"], "text": "text", "label": "label", "header": false},
             "splits": [{"name": "dev", "file": "\#(data)"}]}
            """#)
        return #"{"task": "my-cola", "split": "dev", "examples": 2, "model": "{classifier}", "definition": "\#(definition)"}"#
    }

    /// An encoder folder `name` made from all-MiniLM-L6-v2 with its safetensors edited.
    func encoder(_ name: String = "enc", edit: (inout ModelFixtures.Safetensors) throws -> Void = { _ in }) throws -> String {
        let path = dir + "/" + name
        try ModelFixtures.encoderCopy(at: path, edit: edit)
        return path
    }

    /// `{dir}`, `{encoder}`, `{decoder}` and `{classifier}` in `text` replaced by their paths.
    func expand(_ text: String) throws -> String {
        var text = text.replacingOccurrences(of: "{dir}", with: dir)
        if text.contains("{encoder}") { text = text.replacingOccurrences(of: "{encoder}", with: try CommandRunner.encoderFolder()) }
        if text.contains("{decoder}") { text = text.replacingOccurrences(of: "{decoder}", with: try CommandRunner.decoderFile()) }
        if text.contains("{classifier}") { text = text.replacingOccurrences(of: "{classifier}", with: try ModelFixtures.classifier.get()) }
        return text
    }
}
