import Foundation

/// Reads JSONL files (one JSON document a line) as a stream, with line numbers in every error.
///
/// Blank lines (only whitespace) are allowed anywhere and skipped; every other line must hold exactly
/// one JSON value.
public enum JSONLines {
    /// Calls `body` with a cursor for each non-blank line of the file at `path`, in order.
    public static func forEachRecord(inFile path: String, _ body: (JSONCursor) throws -> Void) throws {
        guard let file = fopen(path, "rb") else {
            throw JSONError.io(path: path, reason: "cannot open the file: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        var lineNumber = 0
        while true {
            let length = getline(&buffer, &capacity, file)
            if length < 0 {
                if ferror(file) != 0 { throw JSONError.io(path: path, reason: "read error after line \(lineNumber)") }
                break
            }
            lineNumber += 1
            var bytes = [UInt8](UnsafeRawBufferPointer(start: buffer, count: length))
            while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let source = JSONSource(name: path, line: lineNumber)
            let value = try JSONParser.parse(bytes: &bytes, source: source)
            try body(JSONCursor(value, source: source))
        }
    }

    /// All records of the file at `path`, parsed by `transform`.
    public static func records<T>(inFile path: String, _ transform: (JSONCursor) throws -> T) throws -> [T] {
        var result: [T] = []
        try forEachRecord(inFile: path) { result.append(try transform($0)) }
        return result
    }
}
