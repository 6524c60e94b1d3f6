/// The `Decoder` behind `JSONValueDecoder`: walks `JSONCursor`s and throws `JSONError`s.
struct CursorDecoder: Decoder {
    let cursor: JSONCursor
    let codingPath: [CodingKey]
    let options: JSONValueDecoder
    let tracker: KeyTracker
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        _ = try cursor.object()
        tracker.register(cursor)
        return KeyedDecodingContainer(KeyedContainer<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        UnkeyedContainer(decoder: self, elements: try cursor.array())
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
        SingleValueContainer(decoder: self)
    }

    func child(_ cursor: JSONCursor, key: CodingKey) -> CursorDecoder {
        CursorDecoder(cursor: cursor, codingPath: codingPath + [key], options: options, tracker: tracker)
    }

    /// Decodes a scalar or nested value under `cursor`.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is Bool.Type: return try cursor.bool() as! T
        case is String.Type: return try cursor.string() as! T
        case is Double.Type: return try cursor.double() as! T
        case is Float.Type: return Float(try cursor.double()) as! T
        case is Int.Type: return try cursor.integer() as! T
        case is Int32.Type: return Int32(try cursor.integer(in: Int(Int32.min)...Int(Int32.max))) as! T
        case is Int64.Type: return Int64(try cursor.integer()) as! T
        case is UInt64.Type: return UInt64(try cursor.integer(in: 0...Int.max)) as! T
        case is UInt32.Type: return UInt32(try cursor.integer(in: 0...Int(UInt32.max))) as! T
        default: return try T(from: self)
        }
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: CursorDecoder
    var codingPath: [CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        guard case .object(let object) = decoder.cursor.value else { return [] }
        return object.keys.compactMap { Key(stringValue: $0) }
    }

    /// The JSON key for `key`: its own spelling when the object has it (dictionary keys, names
    /// already in snake case), else the mapped spelling.
    private func jsonKey(_ key: Key) -> String {
        let verbatim = key.stringValue
        let present = (try? decoder.cursor.object()[verbatim]) != nil
        let name = present ? verbatim : decoder.options.jsonKey(for: key)
        decoder.tracker.requested(name, in: decoder.cursor)
        return name
    }

    func contains(_ key: Key) -> Bool {
        (try? decoder.cursor.object()[jsonKey(key)]) != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        (try decoder.cursor.optionalField(jsonKey(key))) == nil
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.child(try decoder.cursor.field(jsonKey(key)), key: key).decodeValue(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let child = try decoder.cursor.optionalField(jsonKey(key)) else { return nil }
        return try decoder.child(child, key: key).decodeValue(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type,
                                               forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(try decoder.cursor.field(jsonKey(key)), key: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try decoder.child(try decoder.cursor.field(jsonKey(key)), key: key).unkeyedContainer()
    }

    func superDecoder() throws -> Decoder { decoder }

    func superDecoder(forKey key: Key) throws -> Decoder {
        decoder.child(try decoder.cursor.field(jsonKey(key)), key: key)
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: CursorDecoder
    let elements: [JSONCursor]
    var currentIndex = 0
    var codingPath: [CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    init(decoder: CursorDecoder, elements: [JSONCursor]) {
        self.decoder = decoder
        self.elements = elements
    }

    private mutating func next() throws -> CursorDecoder {
        guard !isAtEnd else {
            throw decoder.cursor.mismatch("an array with more than \(elements.count) values")
        }
        defer { currentIndex += 1 }
        return decoder.child(elements[currentIndex], key: IndexKey(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex].value == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next().decodeValue(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        try next().unkeyedContainer()
    }

    mutating func superDecoder() throws -> Decoder { try next() }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
    let decoder: CursorDecoder
    var codingPath: [CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.cursor.value == .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.decodeValue(type)
    }
}
