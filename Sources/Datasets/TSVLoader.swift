import Foundation

/// Loads tab-separated files (CoLA): one example a line, the text split on spaces, the label an index
/// or a name, columns as the task's `TSVColumns` declare.
public enum TSVLoader {
    /// The examples of `split` of `task`, read from the file at `path`.
    public static func load(task: TaskDefinition, split: SplitSource, path: String) throws -> ([Example], LoadReport) {
        guard let columns = task.columns else {
            throw DatasetError.invalidTaskDefinition(task: task.id, problem: "a TSV task needs columns")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError.io(path: path, reason: "cannot read the file (missing or unreadable)")
        }
        let textIndex = columns.names.firstIndex(of: columns.text)!
        let labelIndex = columns.names.firstIndex(of: columns.label)!
        let layout = columns.names.joined(separator: "<TAB>")
        var report = LoadReport(task: task.id, split: split.name, source: SourceLocation.lastComponent(path))
        var examples: [Example] = []
        try RecordReading.forEachLine(in: [UInt8](data)[...]) { number, bytes in
            let location = SourceLocation(file: path, line: number)
            guard let line = String(validating: bytes, as: UTF8.self) else {
                throw DatasetError.malformedLine(at: location, problem: "the line is not valid UTF-8")
            }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if number == 1 && columns.header {
                guard cells == columns.names else {
                    throw DatasetError.malformedLine(at: location, problem:
                        "expected the header row \"\(layout)\", found \(RecordReading.quoted(line))")
                }
                return
            }
            if RecordReading.isBlank(bytes) {
                report.skip("blank line", at: location)
                return
            }
            guard cells.count == columns.names.count else {
                throw DatasetError.malformedLine(at: location, problem: "expected \(columns.names.count) tab-separated "
                    + "columns (\(layout)), found \(cells.count): \(RecordReading.quoted(line))")
            }
            let words = RecordReading.words(cells[textIndex])
            guard !words.isEmpty else {
                report.skip("empty text (no words)", at: location)
                return
            }
            let label = try RecordReading.label(cells[labelIndex], task: task, field: columns.label, at: location)
            examples.append(Example(id: "\(split.name)-\(number)", words: words, label: label, split: split.name))
        }
        report.loaded = examples.count
        return (examples, report)
    }
}
