/// Decodes `Decodable` types (configs, suite files, explainer options) from parsed JSON.
///
/// Keys: `.convertFromSnakeCase` reads the Swift property `numHiddenLayers` from the JSON key
/// `num_hidden_layers`. Strict mode (`rejectUnknownKeys`) fails on any key of an object that the type
/// did not ask for, naming it and the keys it knows — so a typo in a suite file is an error, not a
/// silently ignored option. Errors are `JSONError`s with the file, line and key path.
public struct JSONValueDecoder: Sendable {
    /// How Swift property names map to JSON keys.
    public enum KeyStrategy: Sendable {
        /// The same spelling.
        case useDefaultKeys
        /// `camelCase` properties read `snake_case` keys.
        case convertFromSnakeCase
    }

    /// The key mapping.
    public var keyStrategy: KeyStrategy
    /// Whether an unrequested key is an error.
    public var rejectUnknownKeys: Bool

    /// A decoder with the given key mapping and strictness.
    public init(keyStrategy: KeyStrategy = .convertFromSnakeCase, rejectUnknownKeys: Bool = true) {
        self.keyStrategy = keyStrategy
        self.rejectUnknownKeys = rejectUnknownKeys
    }

    /// Decodes a `T` from the value under `cursor`.
    public func decode<T: Decodable>(_ type: T.Type, from cursor: JSONCursor) throws -> T {
        let tracker = KeyTracker()
        let decoder = CursorDecoder(cursor: cursor, codingPath: [], options: self, tracker: tracker)
        let result: T
        do {
            result = try T(from: decoder)
        } catch let error as DecodingError {
            throw Self.translate(error, source: cursor.source)
        }
        if rejectUnknownKeys { try tracker.checkNoUnknownKeys() }
        return result
    }

    /// Decodes a `T` from JSON text.
    public func decode<T: Decodable>(_ type: T.Type, from text: String,
                                     source: JSONSource = JSONSource(name: "<string>")) throws -> T {
        try decode(type, from: JSONCursor(try JSONParser.parse(text, source: source), source: source))
    }

    /// Decodes a `T` from the JSON file at `path`.
    public func decode<T: Decodable>(_ type: T.Type, fromFile path: String) throws -> T {
        let source = JSONSource(name: path)
        return try decode(type, from: JSONCursor(try JSONParser.parse(contentsOf: path), source: source))
    }

    func jsonKey(for key: CodingKey) -> String {
        switch keyStrategy {
        case .useDefaultKeys: return key.stringValue
        case .convertFromSnakeCase: return Self.snakeCase(key.stringValue)
        }
    }

    /// `numHiddenLayers` → `num_hidden_layers`; `id2label` stays; `URLPath` → `url_path`.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        let characters = Array(name)
        for (i, c) in characters.enumerated() {
            if c.isUppercase {
                let previousIsLower = i > 0 && (characters[i - 1].isLowercase || characters[i - 1].isNumber)
                let nextIsLower = i + 1 < characters.count && characters[i + 1].isLowercase
                if i > 0 && (previousIsLower || (nextIsLower && characters[i - 1].isUppercase)) { result.append("_") }
                result.append(contentsOf: c.lowercased())
            } else {
                result.append(c)
            }
        }
        return result
    }

    static func translate(_ error: DecodingError, source: JSONSource) -> JSONError {
        func render(_ path: [CodingKey]) -> String {
            var p = JSONPath()
            for key in path { p = key.intValue.map { p.appending($0) } ?? p.appending(key.stringValue) }
            return p.description
        }
        switch error {
        case let .dataCorrupted(context), let .typeMismatch(_, context), let .valueNotFound(_, context):
            return .typeMismatch(source: source, path: render(context.codingPath),
                                 expected: "a valid value", found: context.debugDescription)
        case let .keyNotFound(key, context):
            return .missingKey(source: source, path: render(context.codingPath), key: key.stringValue)
        @unknown default:
            return .typeMismatch(source: source, path: "", expected: "a valid value", found: "\(error)")
        }
    }
}

/// Records, per object, which keys the decoded types asked for.
final class KeyTracker: @unchecked Sendable {
    private var objects: [(cursor: JSONCursor, requested: Set<String>)] = []
    private var indexByPath: [String: Int] = [:]

    func register(_ cursor: JSONCursor) {
        let id = cursor.path.description
        if indexByPath[id] == nil {
            indexByPath[id] = objects.count
            objects.append((cursor, []))
        }
    }

    func requested(_ key: String, in cursor: JSONCursor) {
        if let index = indexByPath[cursor.path.description] { objects[index].requested.insert(key) }
    }

    func checkNoUnknownKeys() throws {
        for (cursor, requested) in objects {
            guard case .object(let object) = cursor.value else { continue }
            for key in object.keys where !requested.contains(key) {
                throw JSONError.unknownKey(source: cursor.source, path: cursor.path.description, key: key,
                                           known: requested.sorted())
            }
        }
    }
}
