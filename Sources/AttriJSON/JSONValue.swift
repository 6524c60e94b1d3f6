/// A parsed JSON value. Objects keep their keys in file (or insertion) order.
public enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits in Int64.
    case integer(Int64)
    /// Any other finite number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object(JSONObject)

    /// A number from a Float, written later with the Float's shortest round-trip digits.
    public init(_ value: Float) {
        self = .double(Double("\(value)") ?? Double(value))
    }

    /// A number from a Double.
    public init(_ value: Double) {
        self = .double(value)
    }

    /// A number from an Int.
    public init(_ value: Int) {
        self = .integer(Int64(value))
    }

    /// A string value.
    public init(_ value: String) {
        self = .string(value)
    }

    /// An array of Floats.
    public init(_ values: [Float]) {
        self = .array(values.map(JSONValue.init))
    }

    /// An array of Ints.
    public init(_ values: [Int]) {
        self = .array(values.map(JSONValue.init))
    }

    /// The same value with every object's keys in sorted order, at every depth.
    public var withSortedKeys: JSONValue {
        switch self {
        case .array(let values): return .array(values.map(\.withSortedKeys))
        case .object(let object): return .object(JSONObject(object.keys.sorted().map { ($0, object[$0]!.withSortedKeys) }))
        default: return self
        }
    }

    /// A short description of the value for error messages: the value itself when short, else its kind.
    public var briefDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .double(let d): return d.description
        case .string(let s): return s.count <= 40 ? "\"\(s)\"" : "a string of \(s.count) characters"
        case .array(let a): return "an array of \(a.count) values"
        case .object(let o): return "an object with \(o.count) keys"
        }
    }
}

/// A JSON object: string keys in order, each with a value.
public struct JSONObject: Sendable, Equatable {
    /// The keys, in file or insertion order.
    public private(set) var keys: [String] = []
    private var values: [String: JSONValue] = [:]

    /// An empty object.
    public init() {}

    /// An object from ordered pairs; a repeated key keeps its first position and its last value.
    public init(_ pairs: [(String, JSONValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    /// The number of keys.
    public var count: Int { keys.count }

    /// The value for `key`; setting appends a new key at the end, or replaces in place.
    public subscript(key: String) -> JSONValue? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// The pairs in key order.
    public var pairs: [(key: String, value: JSONValue)] {
        keys.map { ($0, values[$0]!) }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.keys == rhs.keys && lhs.values == rhs.values
    }
}
