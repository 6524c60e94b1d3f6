import AttriJSON

/// Loads rationale JSONL files (SST-2, HateXplain): one JSON object a line with the words, a label and,
/// when the task has them, a hard 0/1 and a soft 0...1 rationale with one value per word.
public enum RationaleJSONLLoader {
    /// The examples of `split` of `task`, read from the file at `path`.
    public static func load(task: TaskDefinition, split: SplitSource, path: String) throws -> ([Example], LoadReport) {
        var report = LoadReport(task: task.id, split: split.name, source: SourceLocation.lastComponent(path))
        var examples: [Example] = []
        try RecordReading.json(archive: nil) {
            try JSONLines.forEachRecord(inFile: path) { record in
                let location = SourceLocation(file: path, line: record.source.line)
                if let example = try example(from: record, task: task, split: split, at: location, report: &report) {
                    examples.append(example)
                }
            }
        }
        report.loaded = examples.count
        return (examples, report)
    }

    /// The example on one line, or nil when it belongs to another split or is skipped (both counted in `report`).
    static func example(from record: JSONCursor, task: TaskDefinition, split: SplitSource, at location: SourceLocation,
                        report: inout LoadReport) throws -> Example? {
        let fields = task.fields
        if let selectValue = split.selectValue, let splitField = fields.split {
            let recordSplit = try record.field(splitField).string()
            guard recordSplit == selectValue else {
                report.otherSplits[recordSplit, default: 0] += 1
                return nil
            }
        }
        let words = try record.field(fields.words).strings()
        guard !words.isEmpty else {
            report.skip("empty text (no words)", at: location)
            return nil
        }
        let label = try RecordReading.label(record.field(fields.label), task: task, at: location)
        let id = try fields.id.map { try record.field($0).string() } ?? "\(split.name)-\(location.line ?? 0)"
        var example = Example(id: id, words: words, label: label, split: split.name)
        if let key = fields.rationale {
            let cursor = try record.field(key)
            let values = try cursor.integers(allowed: 0...1, expected: "an array of 0/1 (one per word)")
            try checkLength(values.count, words: words.count, field: key, at: location)
            example.rationale = values.map(UInt8.init)
        }
        if let key = fields.softRationale {
            let cursor = try record.field(key)
            let values = try cursor.doubles()
            try checkLength(values.count, words: words.count, field: key, at: location)
            if let index = values.firstIndex(where: { !(0...1).contains($0) }) {
                throw DatasetError.invalidField(at: location, field: "\(key)[\(index)]",
                                                problem: "expected a value from 0 to 1, found \(values[index])")
            }
            example.softRationale = values.map(Float.init)
        }
        return example
    }

    static func checkLength(_ count: Int, words: Int, field: String, at location: SourceLocation) throws {
        guard count == words else {
            throw DatasetError.invalidField(at: location, field: field,
                                            problem: "expected \(words) values (one per token), found \(count)")
        }
    }
}
