/// Where a JSON value came from: a file (or a named string) and, for JSONL, a line.
public struct JSONSource: Sendable, Equatable, CustomStringConvertible {
    /// The file path or a name given to an in-memory string.
    public let name: String
    /// The 1-based line of a JSONL record, or nil for a whole document.
    public let line: Int?

    /// A source named `name`, optionally at a JSONL line.
    public init(name: String, line: Int? = nil) {
        self.name = name
        self.line = line
    }

    /// The file's last path component, with `:line` when known.
    public var description: String {
        let file = name.split(separator: "/").last.map(String.init) ?? name
        return line.map { "\(file):\($0)" } ?? file
    }
}

/// Every error the JSON layer throws; each message names the source, the place and what to do.
public enum JSONError: Error, Equatable, CustomStringConvertible {
    /// The text is not valid JSON.
    case syntax(source: JSONSource, line: Int, column: Int, reason: String)
    /// A number is outside what the project reads (beyond Int64, or not finite).
    case numberOutOfRange(source: JSONSource, path: String)
    /// A required key is absent.
    case missingKey(source: JSONSource, path: String, key: String)
    /// A value has the wrong type or an unacceptable value.
    case typeMismatch(source: JSONSource, path: String, expected: String, found: String)
    /// An object has a key the reader does not know.
    case unknownKey(source: JSONSource, path: String, key: String, known: [String])
    /// A file could not be opened, read or written.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case let .syntax(source, line, column, reason):
            let place = source.line == nil ? "\(source):\(line):\(column)" : "\(source) (column \(column))"
            return "\(place): invalid JSON: \(reason); fix the file or regenerate it"
        case let .numberOutOfRange(source, path):
            return "\(source): \(path) is a number outside the supported range (integers must fit in 64 bits, numbers must be finite)"
        case let .missingKey(source, path, key):
            return "\(source): \(path.isEmpty ? "the top-level object" : path) has no \"\(key)\"; add it"
        case let .typeMismatch(source, path, expected, found):
            return "\(source): \(path.isEmpty ? "the value" : path) must be \(expected), found \(found)"
        case let .unknownKey(source, path, key, known):
            let inWhat = path.isEmpty ? "" : " in \(path)"
            return "\(source): unknown key \"\(key)\"\(inWhat); known keys: \(known.joined(separator: ", "))"
        case let .io(path, reason):
            return "\(path): \(reason)"
        }
    }
}
