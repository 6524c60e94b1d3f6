/// A value inside a parsed document together with where it is, so that every typed read can fail
/// with a message naming the file, line, key path, what was found and what was expected.
///
/// ```swift
/// let tokens = try record.field("tokens").strings()
/// let rationale = try record.field("rationale").integers(allowed: 0...1, expected: "an array of 0/1")
/// ```
public struct JSONCursor: Sendable {
    /// The value under the cursor.
    public let value: JSONValue
    /// The document it came from.
    public let source: JSONSource
    /// Its key path inside the document.
    public let path: JSONPath

    /// A cursor at the root of a document.
    public init(_ value: JSONValue, source: JSONSource) {
        self.init(value, source: source, path: JSONPath())
    }

    init(_ value: JSONValue, source: JSONSource, path: JSONPath) {
        self.value = value
        self.source = source
        self.path = path
    }

    /// An error saying this value should have been `expected`.
    public func mismatch(_ expected: String) -> JSONError {
        .typeMismatch(source: source, path: path.description, expected: expected, found: value.briefDescription)
    }

    // MARK: - Objects

    /// The object's pairs, or an error when this is not an object.
    public func object() throws -> JSONObject {
        guard case .object(let object) = value else { throw mismatch("an object") }
        return object
    }

    /// The value of a required key.
    public func field(_ key: String) throws -> JSONCursor {
        guard let child = try object()[key] else {
            throw JSONError.missingKey(source: source, path: path.description, key: key)
        }
        return JSONCursor(child, source: source, path: path.appending(key))
    }

    /// The value of an optional key; `nil` when absent or `null`.
    public func optionalField(_ key: String) throws -> JSONCursor? {
        guard let child = try object()[key], child != .null else { return nil }
        return JSONCursor(child, source: source, path: path.appending(key))
    }

    /// Throws when the object has a key outside `known`, naming it and the known keys.
    public func rejectUnknownKeys(_ known: [String]) throws {
        for key in try object().keys where !known.contains(key) {
            throw JSONError.unknownKey(source: source, path: path.description, key: key, known: known)
        }
    }

    // MARK: - Scalars

    /// A string.
    public func string() throws -> String {
        guard case .string(let s) = value else { throw mismatch("a string") }
        return s
    }

    /// A boolean.
    public func bool() throws -> Bool {
        guard case .bool(let b) = value else { throw mismatch("true or false") }
        return b
    }

    /// An integer (a number with a fractional part is rejected).
    public func integer() throws -> Int {
        switch value {
        case .integer(let i) where i >= Int64(Int.min) && i <= Int64(Int.max): return Int(i)
        case .double(let d) where d == d.rounded() && abs(d) < 9.0e15: return Int(d)
        default: throw mismatch("an integer")
        }
    }

    /// An integer within `range`.
    public func integer(in range: ClosedRange<Int>) throws -> Int {
        guard let i = try? integer(), range.contains(i) else {
            throw mismatch("an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return i
    }

    /// A number (integer or not).
    public func double() throws -> Double {
        switch value {
        case .integer(let i): return Double(i)
        case .double(let d): return d
        default: throw mismatch("a number")
        }
    }

    // MARK: - Arrays

    /// The elements of an array, each with its own cursor.
    public func array() throws -> [JSONCursor] {
        guard case .array(let values) = value else { throw mismatch("an array") }
        return values.enumerated().map { JSONCursor($1, source: source, path: path.appending($0)) }
    }

    /// An array of strings.
    public func strings() throws -> [String] {
        guard case .array(let values) = value else { throw mismatch("an array of strings") }
        return try values.map {
            guard case .string(let s) = $0 else { throw mismatch("an array of strings") }
            return s
        }
    }

    /// An array of numbers.
    public func doubles() throws -> [Double] {
        guard case .array(let values) = value else { throw mismatch("an array of numbers") }
        return try values.map {
            switch $0 {
            case .integer(let i): return Double(i)
            case .double(let d): return d
            default: throw mismatch("an array of numbers")
            }
        }
    }

    /// An array of integers, each within `allowed`; `expected` phrases the requirement for errors.
    public func integers(allowed: ClosedRange<Int>? = nil, expected: String? = nil) throws -> [Int] {
        let requirement = expected ?? allowed.map { "an array of integers from \($0.lowerBound) to \($0.upperBound)" }
            ?? "an array of integers"
        guard case .array(let values) = value else { throw mismatch(requirement) }
        return try values.map {
            guard case .integer(let i) = $0, i >= Int64(Int.min), i <= Int64(Int.max) else { throw mismatch(requirement) }
            if let allowed, !allowed.contains(Int(i)) { throw mismatch(requirement) }
            return Int(i)
        }
    }
}
