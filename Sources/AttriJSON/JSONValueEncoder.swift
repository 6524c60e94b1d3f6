/// Encodes `Encodable` types (learned states, fine-tune records, explainer options) into `JSONValue`s,
/// which `JSONWriter` writes through json-c: the counterpart of `JSONValueDecoder`.
///
/// Keys: `.convertToSnakeCase` writes the Swift property `formatVersion` as `format_version` (the same
/// mapping `JSONValueDecoder` reads back); the keys of a `[String: …]` dictionary are data and are
/// written as they are, in sorted order so that the output never depends on hashing. Numbers keep
/// their type: an `Int` is written as an integer, a `Double` or `Float` with its shortest round-trip
/// digits. A non-finite number is an error that names its key path.
public struct JSONValueEncoder: Sendable {
    /// How Swift property names map to JSON keys.
    public enum KeyStrategy: Sendable {
        /// The same spelling (or the type's explicit `CodingKeys`).
        case useDefaultKeys
        /// `camelCase` properties become `snake_case` keys.
        case convertToSnakeCase
    }

    /// The key mapping.
    public var keyStrategy: KeyStrategy

    /// An encoder with the given key mapping.
    public init(keyStrategy: KeyStrategy = .convertToSnakeCase) {
        self.keyStrategy = keyStrategy
    }

    /// The JSON value of `value`.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let box = EncodedBox()
        try EncodingTree(options: self).encode(value, into: box, codingPath: [])
        return box.value
    }

    /// Writes `value` to the file at `path` (atomically, with a final newline).
    public func write<T: Encodable>(_ value: T, toFile path: String, style: JSONWriter.Style = .pretty,
                                    sortKeys: Bool = true) throws {
        let json: JSONValue
        do { json = try encode(value) } catch let error as EncodingError {
            throw JSONError.io(path: path, reason: "cannot encode the value: \(Self.describe(error))")
        }
        try JSONWriter.write(json, toFile: path, style: style, sortKeys: sortKeys)
    }

    func jsonKey(for key: CodingKey) -> String {
        switch keyStrategy {
        case .useDefaultKeys: return key.stringValue
        case .convertToSnakeCase: return JSONValueDecoder.snakeCase(key.stringValue)
        }
    }

    static func describe(_ error: EncodingError) -> String {
        switch error {
        case let .invalidValue(value, context):
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return "\(value) at \(path.isEmpty ? "the top level" : path): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

// MARK: - Tree of boxes

/// One value under construction: a leaf, an object (keys in insertion order) or an array.
final class EncodedBox {
    private enum Content {
        case leaf(JSONValue)
        case object(keys: [String], children: [String: EncodedBox])
        case array([EncodedBox])
    }
    private var content: Content = .leaf(.null)

    func set(_ value: JSONValue) { content = .leaf(value) }

    /// The child under `key`, making this box an object when it is not one yet.
    func child(forKey key: String) -> EncodedBox {
        var (keys, children): ([String], [String: EncodedBox]) = ([], [:])
        if case let .object(k, c) = content { (keys, children) = (k, c) }
        if let existing = children[key] { return existing }
        let box = EncodedBox()
        keys.append(key)
        children[key] = box
        content = .object(keys: keys, children: children)
        return box
    }

    /// Makes this box an (empty) object; keeps the keys it has.
    func becomeObject() {
        if case .object = content { return }
        content = .object(keys: [], children: [:])
    }

    /// A new last element, making this box an array when it is not one yet.
    func appendElement() -> EncodedBox {
        var elements: [EncodedBox] = []
        if case let .array(e) = content { elements = e }
        let box = EncodedBox()
        elements.append(box)
        content = .array(elements)
        return box
    }

    /// Makes this box an (empty) array; keeps the elements it has.
    func becomeArray() {
        if case .array = content { return }
        content = .array([])
    }

    var elementCount: Int {
        if case let .array(elements) = content { return elements.count }
        return 0
    }

    var value: JSONValue {
        switch content {
        case .leaf(let value): return value
        case let .object(keys, children): return .object(JSONObject(keys.map { ($0, children[$0]!.value) }))
        case .array(let elements): return .array(elements.map(\.value))
        }
    }
}

/// A `[String: Value]` dictionary, whose keys are written as they are.
private protocol StringKeyedEncodable {
    func encodeEntries(with tree: EncodingTree, into box: EncodedBox, codingPath: [CodingKey]) throws
}

extension Dictionary: StringKeyedEncodable where Key == String, Value: Encodable {
    fileprivate func encodeEntries(with tree: EncodingTree, into box: EncodedBox, codingPath: [CodingKey]) throws {
        box.becomeObject()
        for key in keys.sorted() {
            try tree.encode(self[key]!, into: box.child(forKey: key), codingPath: codingPath + [PlainKey(key)])
        }
    }
}

/// Encodes values into boxes: primitives directly, everything else through `BoxEncoder`.
struct EncodingTree {
    let options: JSONValueEncoder

    func encode<T: Encodable>(_ value: T, into box: EncodedBox, codingPath: [CodingKey]) throws {
        if let leaf = try primitive(value, codingPath: codingPath) {
            box.set(leaf)
        } else if let dictionary = value as? StringKeyedEncodable {
            try dictionary.encodeEntries(with: self, into: box, codingPath: codingPath)
        } else {
            try value.encode(to: BoxEncoder(box: box, codingPath: codingPath, tree: self))
        }
    }

    func primitive<T: Encodable>(_ value: T, codingPath: [CodingKey]) throws -> JSONValue? {
        switch value {
        case let v as Bool: return .bool(v)
        case let v as String: return .string(v)
        case let v as Double: return try finite(v, value, codingPath).map { _ in .double(v) }
        case let v as Float: return try finite(Double(v), value, codingPath).map { _ in JSONValue(v) }
        case let v as Int: return .integer(Int64(v))
        case let v as Int8: return .integer(Int64(v))
        case let v as Int16: return .integer(Int64(v))
        case let v as Int32: return .integer(Int64(v))
        case let v as Int64: return .integer(v)
        case let v as UInt8: return .integer(Int64(v))
        case let v as UInt16: return .integer(Int64(v))
        case let v as UInt32: return .integer(Int64(v))
        case let v as UInt: return try unsigned(UInt64(v), codingPath)
        case let v as UInt64: return try unsigned(v, codingPath)
        default: return nil
        }
    }

    private func finite(_ number: Double, _ value: Any, _ codingPath: [CodingKey]) throws -> Double? {
        guard number.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "JSON has no non-finite numbers"))
        }
        return number
    }

    private func unsigned(_ number: UInt64, _ codingPath: [CodingKey]) throws -> JSONValue {
        // JSON integers are read back as Int64 (json-c), so a larger value would not round-trip.
        guard number <= UInt64(Int64.max) else {
            throw EncodingError.invalidValue(number, .init(codingPath: codingPath, debugDescription: "exceeds the largest JSON integer read back (Int64.max)"))
        }
        return .integer(Int64(number))
    }
}

struct PlainKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ string: String) { stringValue = string }
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }
}

// MARK: - Encoder and containers

struct BoxEncoder: Encoder {
    let box: EncodedBox
    let codingPath: [CodingKey]
    let tree: EncodingTree
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        box.becomeObject()
        return KeyedEncodingContainer(KeyedBoxContainer<Key>(box: box, codingPath: codingPath, tree: tree))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        box.becomeArray()
        return UnkeyedBoxContainer(box: box, codingPath: codingPath, tree: tree)
    }

    func singleValueContainer() -> SingleValueEncodingContainer {
        SingleBoxContainer(box: box, codingPath: codingPath, tree: tree)
    }
}

struct KeyedBoxContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: EncodedBox
    let codingPath: [CodingKey]
    let tree: EncodingTree

    private func child(_ key: Key) -> EncodedBox { box.child(forKey: tree.options.jsonKey(for: key)) }

    mutating func encodeNil(forKey key: Key) throws { child(key).set(.null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try tree.encode(value, into: child(key), codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        BoxEncoder(box: child(key), codingPath: codingPath + [key], tree: tree).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        BoxEncoder(box: child(key), codingPath: codingPath + [key], tree: tree).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder {
        BoxEncoder(box: box.child(forKey: "super"), codingPath: codingPath + [PlainKey("super")], tree: tree)
    }

    mutating func superEncoder(forKey key: Key) -> Encoder {
        BoxEncoder(box: child(key), codingPath: codingPath + [key], tree: tree)
    }
}

struct UnkeyedBoxContainer: UnkeyedEncodingContainer {
    let box: EncodedBox
    let codingPath: [CodingKey]
    let tree: EncodingTree
    var count: Int { box.elementCount }

    private func nextPath() -> [CodingKey] { codingPath + [PlainKey(intValue: count)] }

    mutating func encodeNil() throws { box.appendElement().set(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = nextPath()
        try tree.encode(value, into: box.appendElement(), codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath()
        return BoxEncoder(box: box.appendElement(), codingPath: path, tree: tree).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        let path = nextPath()
        return BoxEncoder(box: box.appendElement(), codingPath: path, tree: tree).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder {
        let path = nextPath()
        return BoxEncoder(box: box.appendElement(), codingPath: path, tree: tree)
    }
}

struct SingleBoxContainer: SingleValueEncodingContainer {
    let box: EncodedBox
    let codingPath: [CodingKey]
    let tree: EncodingTree

    mutating func encodeNil() throws { box.set(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try tree.encode(value, into: box, codingPath: codingPath)
    }
}
