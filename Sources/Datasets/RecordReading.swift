import AttriJSON

/// Helpers shared by the loaders: lines of a byte buffer, JSONL records, labels, words.
enum RecordReading {
    // MARK: - Lines

    /// Calls `body` with the 1-based number and bytes (without `\n` or `\r\n`) of every line of `bytes`.
    /// A final newline does not start another line.
    static func forEachLine(in bytes: ArraySlice<UInt8>, _ body: (Int, ArraySlice<UInt8>) throws -> Void) rethrows {
        var number = 0
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
            var line = bytes[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            number += 1
            try body(number, line)
            start = end == bytes.endIndex ? end : end + 1
        }
    }

    /// Whether a line holds only spaces and tabs.
    static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    // MARK: - JSON

    /// Calls `body` with a cursor for each non-blank line of the JSONL text `bytes` read from `location`.
    static func forEachRecord(in bytes: ArraySlice<UInt8>, location: SourceLocation,
                              _ body: (JSONCursor, SourceLocation) throws -> Void) throws {
        try forEachLine(in: bytes) { number, line in
            if isBlank(line) { return }
            let here = location.at(line: number)
            let cursor = try json(archive: location.archive) {
                var copy = Array(line)
                let source = JSONSource(name: location.file, line: number)
                return JSONCursor(try JSONParser.parse(bytes: &copy, source: source), source: source)
            }
            try json(archive: location.archive) { try body(cursor, here) }
        }
    }

    /// Runs `body`, turning a `JSONError` into a `DatasetError.json` that names the archive, if any.
    static func json<T>(archive: String?, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as JSONError {
            throw DatasetError.json(error, archive: archive)
        }
    }

    /// The key path of `cursor` without quotes: `evidences[0][1].end_token`.
    static func fieldName(_ cursor: JSONCursor) -> String {
        cursor.path.description.replacingOccurrences(of: "\"", with: "")
    }

    // MARK: - Labels and words

    /// The label index of the text `value` (an integer index or a label name, by the task's encoding).
    static func label(_ value: String, task: TaskDefinition, field: String, at location: SourceLocation) throws -> Int {
        switch task.labelEncoding {
        case .index:
            if let index = Int(value), task.labelNames.indices.contains(index) { return index }
        case .name:
            if let index = task.labelNames.firstIndex(of: value) { return index }
        }
        throw DatasetError.unknownLabel(at: location, field: field, value: quoted(value), known: knownLabels(task))
    }

    /// The label index under `cursor` (an integer or a string, by the task's encoding).
    static func label(_ cursor: JSONCursor, task: TaskDefinition, at location: SourceLocation) throws -> Int {
        let field = fieldName(cursor)
        switch (task.labelEncoding, cursor.value) {
        case (.index, .integer(let index)) where task.labelNames.indices.contains(Int(index)):
            return Int(index)
        case (.name, .string(let name)):
            return try label(name, task: task, field: field, at: location)
        default:
            throw DatasetError.unknownLabel(at: location, field: field, value: cursor.value.briefDescription,
                                            known: knownLabels(task))
        }
    }

    private static func knownLabels(_ task: TaskDefinition) -> [String] {
        switch task.labelEncoding {
        case .index: return task.labelNames.enumerated().map { "\($0) (\($1))" }
        case .name: return task.labelNames.map(quoted)
        }
    }

    /// `value` in double quotes, shortened past 40 characters.
    static func quoted(_ value: String) -> String {
        value.count <= 40 ? "\"\(value)\"" : "\"\(value.prefix(37))...\""
    }

    /// The words of `text`, split on any Unicode whitespace (spaces, tabs, newlines), as Python's
    /// `str.split()` splits them.
    static func words(_ text: String) -> [String] {
        text.unicodeScalars.split(whereSeparator: \.properties.isWhitespace).map { String(String.UnicodeScalarView($0)) }
    }
}
