import AttriJSON
import Foundation
import Testing

/// Model files the CLI tests derive from the real models: an encoder classifier (all-MiniLM-L6-v2 with
/// a small fixed head, so suites can run encoder tasks without fine-tuning) and damaged copies.
enum ModelFixtures {
    /// A safetensors file as its header entries and data section, to edit and write back.
    struct Safetensors {
        var entries: [(name: String, value: JSONValue)]
        var data: Data

        init(path: String) throws {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let length = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            guard case .object(let header) = try JSONParser.parse(String(decoding: bytes[8..<(8 + length)], as: UTF8.self)) else {
                throw FixtureError("\(path): the safetensors header is not an object")
            }
            entries = header.pairs.map { (name: $0.key, value: $0.value) }
            data = Data(bytes[(8 + length)...])
        }

        /// Appends a float32 tensor of `shape` holding `values`.
        mutating func append(_ name: String, shape: [Int], values: [Float]) {
            let begin = data.count
            values.withUnsafeBytes { data.append(contentsOf: $0) }
            entries.append((name, .object(JSONObject([("dtype", JSONValue("F32")), ("shape", JSONValue(shape)),
                                                      ("data_offsets", JSONValue([begin, data.count]))]))))
        }

        /// Replaces the header entry of `name` (its dtype, shape and offsets).
        mutating func replace(_ name: String, with value: JSONValue) {
            if let index = entries.firstIndex(where: { $0.name == name }) { entries[index].value = value }
        }

        /// Writes the file, the header padded with spaces to 8 bytes as the format allows.
        func write(to path: String) throws {
            var header = JSONWriter.string(.object(JSONObject(entries.map { ($0.name, $0.value) })))
            header += String(repeating: " ", count: (8 - header.utf8.count % 8) % 8)
            var file = Data((0..<8).map { UInt8(truncatingIfNeeded: header.utf8.count >> (8 * $0)) })
            file.append(Data(header.utf8))
            file.append(data)
            try file.write(to: URL(fileURLWithPath: path))
        }
    }

    struct FixtureError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// An encoder folder at `path` made from all-MiniLM-L6-v2: the same config and vocabulary, the
    /// safetensors as `edit` leaves them.
    static func encoderCopy(at path: String, edit: (inout Safetensors) throws -> Void) throws {
        let source = try CommandRunner.encoderFolder()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for name in ["config.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json"] {
            try FileManager.default.copyItem(atPath: "\(source)/\(name)", toPath: "\(path)/\(name)")
        }
        var weights = try Safetensors(path: "\(source)/model.safetensors")
        try edit(&weights)
        try weights.write(to: "\(path)/model.safetensors")
    }

    /// A binary classifier: all-MiniLM-L6-v2 with a fixed head of 2 labels, made once in the temporary
    /// folder (built aside and renamed into place, so concurrent test processes never see half of it).
    static let classifier: Result<String, any Error> = Result {
        let path = NSTemporaryDirectory() + "attribench-cli-classifier-v1"
        if FileManager.default.fileExists(atPath: path + "/model.safetensors") { return path }
        let building = path + "-\(getpid())"
        try? FileManager.default.removeItem(atPath: building)
        try encoderCopy(at: building) { weights in
            weights.append("classifier.weight", shape: [2, 384], values: (0..<768).map { Float(sin(Double($0) * 0.7)) * 0.2 })
            weights.append("classifier.bias", shape: [2], values: [0.05, -0.05])
        }
        if rename(building, path) != 0 { try? FileManager.default.removeItem(atPath: building) }   // another process won
        return path
    }

    /// The first `count` bytes of `source` as a new file at `path`.
    static func prefix(of source: String, bytes count: Int, to path: String) throws {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: source))
        defer { try? handle.close() }
        try (handle.readData(ofLength: count)).write(to: URL(fileURLWithPath: path))
    }
}
