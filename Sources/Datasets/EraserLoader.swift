import AttriJSON
import Foundation

/// Loads ERASER data (DeYoung et al. 2020, https://github.com/jayded/eraserbenchmark): an annotations
/// JSONL file with `annotation_id`, `classification` and `evidences` (lists of spans with `docid`,
/// `start_token`, `end_token` exclusive, `text`), and `docs/<docid>` beside it holding the
/// whitespace-tokenised document. Each example is one full document; its rationale is the union of
/// the evidence spans. Spans are checked against the document: out of range or a `text` that differs
/// from the words at the span is an error naming the annotation and the span.
public enum EraserLoader {
    /// The examples of `split` of `task`, read from the `.tar.gz` archive or folder at `path`.
    public static func load(task: TaskDefinition, split: SplitSource, path: String) throws -> ([Example], LoadReport) {
        try load(task: task, split: split, tree: FileTree.open(path))
    }

    /// The examples of `split`, read from an opened archive or folder.
    static func load(task: TaskDefinition, split: SplitSource, tree: FileTree) throws -> ([Example], LoadReport) {
        guard let member = split.member else {
            throw DatasetError.invalidTaskDefinition(task: task.id, problem: "ERASER split \"\(split.name)\" needs a member")
        }
        let annotations = tree.location(of: member)
        var report = LoadReport(task: task.id, split: split.name, source: annotations.description)
        let bytes = try tree.contents(of: member)
        let docs = (member as NSString).deletingLastPathComponent
        var examples: [Example] = []
        try RecordReading.forEachRecord(in: bytes, location: annotations) { record, location in
            let parsed = try Annotation(record, task: task, at: location)
            let docMember = docs.isEmpty ? "docs/\(parsed.docid)" : "\(docs)/docs/\(parsed.docid)"
            let docBytes = try tree.contents(of: docMember, neededBy: location)
            guard let text = String(validating: docBytes, as: UTF8.self) else {
                throw DatasetError.invalidField(at: tree.location(of: docMember), field: "text",
                                                problem: "the document is not valid UTF-8")
            }
            let words = RecordReading.words(text)
            guard !words.isEmpty else {
                report.skip("empty document", at: location)
                return
            }
            var rationale = [UInt8](repeating: 0, count: words.count)
            for span in parsed.spans {
                try span.check(against: words, annotation: parsed.id, docid: parsed.docid, at: location)
                for index in span.range { rationale[index] = 1 }
            }
            if parsed.spans.isEmpty { report.remark("no evidence spans (rationale all zero)", at: location) }
            examples.append(Example(id: parsed.id, words: words, label: parsed.label, rationale: rationale,
                                    evidenceSpans: parsed.spans.map(\.range), split: split.name))
        }
        report.loaded = examples.count
        return (examples, report)
    }
}

/// One ERASER annotation line, parsed but not yet checked against its document.
private struct Annotation {
    let id: String
    let label: Int
    let docid: String
    let spans: [EvidenceSpan]

    init(_ record: JSONCursor, task: TaskDefinition, at location: SourceLocation) throws {
        id = try record.field(task.fields.id ?? "annotation_id").string()
        label = try RecordReading.label(record.field(task.fields.label), task: task, at: location)
        var spans: [EvidenceSpan] = []
        for group in try record.field("evidences").array() {
            for span in try group.array() { spans.append(try EvidenceSpan(span)) }
        }
        self.spans = spans
        let evidenceDocs = Array(Set(spans.map(\.docid))).sorted()
        if let listed = try record.optionalField("docids") {
            let docids = try listed.strings()
            guard docids.count == 1 else {
                throw DatasetError.invalidField(at: location, field: "docids", problem:
                    "expected one document per annotation, found \(docids.count): \(docids.joined(separator: ", "))")
            }
            docid = docids[0]
        } else if evidenceDocs.count > 1 {
            throw DatasetError.invalidField(at: location, field: "evidences", problem: "annotation \"\(id)\" has "
                + "spans in \(evidenceDocs.count) documents (\(evidenceDocs.joined(separator: ", "))); "
                + "this loader reads one document per annotation")
        } else {
            docid = evidenceDocs.first ?? id
        }
        if let stray = spans.first(where: { $0.docid != docid }) {
            throw DatasetError.invalidField(at: location, field: "\(stray.field).docid", problem:
                "annotation \"\(id)\" reads document \"\(docid)\" but this span is in \"\(stray.docid)\"")
        }
    }
}

/// One evidence span of an annotation.
private struct EvidenceSpan {
    let field: String
    let docid: String
    let start: Int
    let end: Int
    let text: String

    var range: Range<Int> { start..<end }

    init(_ span: JSONCursor) throws {
        field = RecordReading.fieldName(span)
        docid = try span.field("docid").string()
        start = try span.field("start_token").integer()
        end = try span.field("end_token").integer()
        text = try span.field("text").string()
    }

    /// Throws unless `start..<end` is a non-empty range inside `words` whose words are `text`.
    func check(against words: [String], annotation: String, docid: String, at location: SourceLocation) throws {
        let described = "annotation \"\(annotation)\" span \(start)..<\(end)"
        guard start >= 0, start < end else {
            throw DatasetError.invalidField(at: location, field: "\(field).start_token", problem:
                "\(described): expected 0 <= start_token < end_token, found start_token \(start), end_token \(end)")
        }
        guard end <= words.count else {
            throw DatasetError.invalidField(at: location, field: "\(field).end_token", problem:
                "\(described): end_token \(end) is past the \(words.count) words of document \"\(docid)\"")
        }
        let expected = words[range].joined(separator: " ")
        guard RecordReading.words(text).joined(separator: " ") == expected else {
            throw DatasetError.invalidField(at: location, field: "\(field).text", problem:
                "\(described): text \(RecordReading.quoted(text)) differs from the document's words "
                + RecordReading.quoted(expected))
        }
    }
}
