import AttriJSON
import Foundation

/// Writes named Float32 tensors as a safetensors file (the format HF reads): an 8-byte little-endian
/// header length, a JSON header of `dtype`/`shape`/`data_offsets` per name (sorted, as the
/// `safetensors` library writes it) padded with spaces to 8 bytes, then the raw little-endian data.
/// The bytes are a pure function of the tensors and metadata.
public enum SafetensorsWriter {
    /// One tensor to write.
    public struct Entry: Sendable {
        /// The tensor's name.
        public var name: String
        /// Its shape.
        public var shape: [Int]
        /// Its values, row-major (shape's product of them).
        public var values: [Float]

        /// An entry.
        public init(name: String, shape: [Int], values: [Float]) {
            precondition(shape.reduce(1, *) == values.count, "SafetensorsWriter: \(name) values do not match shape \(shape)")
            self.name = name
            self.shape = shape
            self.values = values
        }
    }

    /// Writes `entries` and string `metadata` to `path`, replacing it atomically (write, then rename).
    public static func write(_ entries: [Entry], metadata: [String: String] = [:], to path: String) throws {
        let sorted = entries.sorted { $0.name < $1.name }
        var header = JSONObject()
        var offset = 0
        if !metadata.isEmpty {
            header["__metadata__"] = .object(JSONObject(metadata.sorted { $0.key < $1.key }.map { ($0.key, JSONValue($0.value)) }))
        }
        for entry in sorted {
            let bytes = entry.values.count * 4
            header[entry.name] = .object(JSONObject([
                ("dtype", .string("F32")), ("shape", JSONValue(entry.shape)),
                ("data_offsets", JSONValue([offset, offset + bytes])),
            ]))
            offset += bytes
        }
        var headerBytes = Array(JSONWriter.string(.object(header)).utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        let temporary = path + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary) else {
            throw TrainingError.io(path: temporary, reason: "cannot create the file; check the folder exists and is writable")
        }
        do {
            var length = UInt64(headerBytes.count).littleEndian
            try handle.write(contentsOf: Data(bytes: &length, count: 8))
            try handle.write(contentsOf: Data(headerBytes))
            for entry in sorted {
                try entry.values.withUnsafeBytes { try handle.write(contentsOf: Data($0)) }
            }
            try handle.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            throw TrainingError.io(path: path, reason: "cannot write the safetensors file: \(error)")
        }
    }
}
