import CJSON
import Foundation

/// Writes `JSONValue`s as text through json-c, byte-reproducibly: keys in the value's order (or
/// sorted), numbers with the shortest digits that round-trip (Swift's `description`, handed to
/// json-c verbatim), no escaped slashes.
public enum JSONWriter {
    /// Output layout.
    public enum Style: Sendable {
        /// One line, no spaces.
        case compact
        /// Two-space indentation.
        case pretty
    }

    /// The JSON text of `value`.
    public static func string(_ value: JSONValue, style: Style = .compact, sortKeys: Bool = false) -> String {
        let object = makeObject(value, sortKeys: sortKeys)
        defer { json_object_put(object) }
        var flags = JSON_C_TO_STRING_NOSLASHESCAPE
        switch style {
        case .compact: flags |= JSON_C_TO_STRING_PLAIN
        case .pretty: flags |= JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
        }
        guard let text = json_object_to_json_string_ext(object, flags) else { return "null" }
        return String(cString: text)
    }

    /// Writes `value` to the file at `path` (replacing it atomically), with a final newline.
    public static func write(_ value: JSONValue, toFile path: String, style: Style = .pretty,
                             sortKeys: Bool = false) throws {
        let text = string(value, style: style, sortKeys: sortKeys) + "\n"
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw JSONError.io(path: path, reason: "cannot write the file: \(error.localizedDescription); check the folder exists and is writable")
        }
    }

    /// Builds the json-c tree of `value` (the caller releases it with `json_object_put`).
    static func makeObject(_ value: JSONValue, sortKeys: Bool) -> OpaquePointer? {
        switch value {
        case .null:
            return nil
        case .bool(let b):
            return json_object_new_boolean(b ? 1 : 0)
        case .integer(let i):
            return json_object_new_int64(i)
        case .double(let d):
            precondition(d.isFinite, "JSONWriter: a non-finite number cannot be written as JSON")
            return json_object_new_double_s(d, shortestText(d))
        case .string(let s):
            return s.withCString { json_object_new_string_len($0, Int32(s.utf8.count)) }
        case .array(let values):
            let array = json_object_new_array_ext(Int32(values.count))
            for element in values { json_object_array_add(array, makeObject(element, sortKeys: sortKeys)) }
            return array
        case .object(let object):
            let result = json_object_new_object()
            let keys = sortKeys ? object.keys.sorted() : object.keys
            for key in keys {
                json_object_object_add(result, key, makeObject(object[key]!, sortKeys: sortKeys))
            }
            return result
        }
    }

    /// Swift's shortest round-trip text of `d`, in a JSON-valid form (`1e-07`, `0.1`, `2.0`).
    static func shortestText(_ d: Double) -> String {
        d.description
    }
}
