import CJSON
import Foundation

/// Parses JSON text with json-c into `JSONValue`s.
///
/// Strict: json-c's strict mode with UTF-8 validation, at most `maximumDepth` nested containers, one
/// value per document (trailing text is an error). Numbers: integers outside Int64 and non-finite
/// numbers (json-c accepts `NaN` and `Infinity`) are rejected. A key repeated in one object keeps its
/// last value, as json-c does.
public enum JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    public static let maximumDepth: Int32 = 256

    /// Parses one JSON document from `text`; `source` names it in errors.
    public static func parse(_ text: String, source: JSONSource = JSONSource(name: "<string>")) throws -> JSONValue {
        var bytes = Array(text.utf8)
        return try parse(bytes: &bytes, source: source)
    }

    /// Parses the JSON document in the file at `path`.
    public static func parse(contentsOf path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JSONError.io(path: path, reason: "cannot read the file (missing or unreadable)")
        }
        var bytes = [UInt8](data)
        return try parse(bytes: &bytes, source: JSONSource(name: path))
    }

    /// Parses one JSON document from raw bytes (consumed: a NUL terminator is appended).
    public static func parse(bytes: inout [UInt8], source: JSONSource) throws -> JSONValue {
        let length = bytes.count
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw JSONError.syntax(source: source, line: 1, column: 1, reason: "the input is empty")
        }
        if let nul = bytes.firstIndex(of: 0) {
            let (line, column) = lineAndColumn(bytes, offset: nul)
            throw JSONError.syntax(source: source, line: line, column: column, reason: "a NUL byte")
        }
        bytes.append(0)
        guard let tokener = json_tokener_new_ex(maximumDepth) else {
            throw JSONError.io(path: source.name, reason: "json-c could not allocate a parser")
        }
        defer { json_tokener_free(tokener) }
        json_tokener_set_flags(tokener, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8)
        errno = 0
        let object = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                json_tokener_parse_ex(tokener, $0, Int32(buffer.count))
            }
        }
        let rangeError = errno == ERANGE
        let status = json_tokener_get_error(tokener)
        let end = json_tokener_get_parse_end(tokener)
        guard status == json_tokener_success else {
            let offset = min(end, length)
            let (line, column) = lineAndColumn(bytes, offset: offset)
            let truncated = status == json_tokener_error_parse_eof
                || (offset >= length && status == json_tokener_continue)
            let reason = truncated
                ? "the input ends inside a value (truncated?)"
                : String(cString: json_tokener_error_desc(status))
            throw JSONError.syntax(source: source, line: line, column: column, reason: reason)
        }
        if end < length {
            let (line, column) = lineAndColumn(bytes, offset: end)
            throw JSONError.syntax(source: source, line: line, column: column, reason: "unexpected text after the value")
        }
        defer { json_object_put(object) }
        return try convert(object, source: source, path: JSONPath(), rangeError: rangeError)
    }

    /// The 1-based line and column (in bytes) of `offset`.
    static func lineAndColumn(_ bytes: [UInt8], offset: Int) -> (Int, Int) {
        var line = 1, column = 1
        for byte in bytes.prefix(offset) {
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    /// Converts a json-c tree into a `JSONValue`, rejecting out-of-range numbers.
    static func convert(_ object: OpaquePointer?, source: JSONSource, path: JSONPath,
                        rangeError: Bool) throws -> JSONValue {
        guard let object else { return .null }
        switch json_object_get_type(object) {
        case json_type_null:
            return .null
        case json_type_boolean:
            return .bool(json_object_get_boolean(object) != 0)
        case json_type_int:
            let signed = json_object_get_int64(object)
            let unsigned = json_object_get_uint64(object)
            if signed == Int64.max && unsigned != UInt64(Int64.max) {
                throw JSONError.numberOutOfRange(source: source, path: path.description)
            }
            if signed == Int64.min && rangeError {
                throw JSONError.numberOutOfRange(source: source, path: path.description)
            }
            return .integer(signed)
        case json_type_double:
            let value = json_object_get_double(object)
            guard value.isFinite else { throw JSONError.numberOutOfRange(source: source, path: path.description) }
            return .double(value)
        case json_type_string:
            let length = Int(json_object_get_string_len(object))
            let pointer = json_object_get_string(object)!
            let buffer = UnsafeRawBufferPointer(start: pointer, count: length)
            return .string(String(decoding: buffer, as: UTF8.self))
        case json_type_array:
            let count = json_object_array_length(object)
            var values: [JSONValue] = []
            values.reserveCapacity(count)
            for index in 0..<count {
                values.append(try convert(json_object_array_get_idx(object, index), source: source,
                                          path: path.appending(index), rangeError: rangeError))
            }
            return .array(values)
        case json_type_object:
            var result = JSONObject()
            var entry = json_object_get_object(object)?.pointee.head
            while let current = entry {
                let key = String(cString: current.pointee.k.assumingMemoryBound(to: CChar.self))
                let child = OpaquePointer(current.pointee.v)
                result[key] = try convert(child, source: source, path: path.appending(key), rangeError: rangeError)
                entry = current.pointee.next
            }
            return .object(result)
        default:
            throw JSONError.typeMismatch(source: source, path: path.description, expected: "a JSON value",
                                         found: "an unknown json-c type")
        }
    }
}

/// A key path inside a document, for error messages: `"evidences[0][1].docid"`.
public struct JSONPath: Sendable, Equatable, CustomStringConvertible {
    enum Component: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    var components: [Component] = []

    /// The root.
    public init() {}

    /// This path followed by an object key.
    public func appending(_ key: String) -> JSONPath {
        var copy = self
        copy.components.append(.key(key))
        return copy
    }

    /// This path followed by an array index.
    public func appending(_ index: Int) -> JSONPath {
        var copy = self
        copy.components.append(.index(index))
        return copy
    }

    /// The quoted path, or an empty string at the root.
    public var description: String {
        guard !components.isEmpty else { return "" }
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return "\"\(text)\""
    }
}
