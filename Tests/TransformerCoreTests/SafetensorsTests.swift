import Foundation
import TensorCore
import Testing
@testable import TransformerCore

/// The safetensors reader on well-formed, damaged and hostile files built in the test.
@Suite struct SafetensorsTests {
    /// A file from a raw header string and data bytes; `declaredLength` overrides the header length.
    static func file(header: String, data: [UInt8] = [], declaredLength: UInt64? = nil, pad: Bool = true) throws -> String {
        var headerBytes = Array(header.utf8)
        if pad { while headerBytes.count % 8 != 0 { headerBytes.append(0x20) } }
        var bytes = withUnsafeBytes(of: (declaredLength ?? UInt64(headerBytes.count)).littleEndian, Array.init)
        bytes += headerBytes + data
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID()).safetensors").path
        try #require(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        return path
    }

    static func floats(_ values: [Float]) -> [UInt8] {
        values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
    }

    @Test func readsF32F16AndBF16() throws {
        let f16: [UInt8] = [0x00, 0x3C, 0x00, 0xC0]          // 1.0, -2.0
        let bf16: [UInt8] = [0x80, 0x3F, 0x40, 0x40]         // 1.0, 3.0
        let data = Self.floats([0.5, -1.25, 3, 4]) + f16 + bf16
        let header = #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"# +
            #""h":{"dtype":"F16","shape":[2],"data_offsets":[16,20]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[20,24]}}"#
        let path = try Self.file(header: header, data: data)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try SafetensorsFile(path: path)
        #expect(file.metadata == ["format": "pt"])
        #expect(try file.tensor("a") == Tensor(shape: [2, 2], values: [0.5, -1.25, 3, 4]))
        #expect(try file.tensor("h").storage == [1, -2])
        #expect(try file.tensor("b").storage == [1, 3])
    }

    /// Each damaged or hostile file and the words its error must contain.
    @Test(arguments: [
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, 4, nil, "data_offsets [0, 8] fall outside the data section of 4 bytes"),
        (#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, 8, nil, "shape [3] of F32 needs 12 bytes, data_offsets give 8"),
        (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}"#, 8, nil, "overlap in the data section"),
        (#"{"a":{"dtype":"Q9","shape":[1],"data_offsets":[0,4]}}"#, 4, nil, "unsupported dtype \"Q9\""),
        (#"{"a":{"dtype":"F32","shape":[4294967295,4294967295,4294967295],"data_offsets":[0,4]}}"#, 4, nil, "invalid dimension"),
        (#"{"a":{"dtype":"F32","shape":[2147483647,2147483647,2147483647],"data_offsets":[0,4]}}"#, 4, nil, "overflows"),
        (#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, 4, nil, "invalid dimension"),
        (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, 4, nil, "fall outside the data section"),
        (#"{"a":{"dtype":"F32","shape":[1]}}"#, 4, nil, "\"data_offsets\" must be two integers"),
        (#"{"a":{"shape":[1],"data_offsets":[0,4]}}"#, 4, nil, "\"dtype\" is missing"),
        (#"[1,2,3]"#, 0, nil, "the header is not a JSON object"),
        (#"{"a": {"dtype": "F32", "sha"#, 0, nil, "the header is not valid JSON"),
        (#"{}"#, 0, UInt64(1) << 62, "exceeds the file size"),
        (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, 4, UInt64(1_000), "header length 1000 exceeds the file size"),
    ] as [(String, Int, UInt64?, String)])
    func damagedFilesGiveNamedErrors(header: String, dataBytes: Int, declaredLength: UInt64?, message: String) throws {
        let path = try Self.file(header: header, data: [UInt8](repeating: 0, count: dataBytes), declaredLength: declaredLength)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            try SafetensorsFile(path: path)
        } throws: { error in
            "\(error)".contains(message) && "\(error)".hasPrefix(path)
        }
    }

    @Test func truncatedAndEmptyFiles() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID()).safetensors").path
        try #require(FileManager.default.createFile(atPath: empty, contents: Data([1, 2, 3])))
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect { try SafetensorsFile(path: empty) } throws: { "\($0)".contains("shorter than the 8-byte header length") }
        #expect { try SafetensorsFile(path: "/nonexistent.safetensors") } throws: { "\($0)".contains("cannot open") }
    }

    @Test func integerBuffersAreRecognisedButNotReadAsFloats() throws {
        let path = try Self.file(header: #"{"ids":{"dtype":"I64","shape":[2],"data_offsets":[0,16]}}"#,
                                 data: [UInt8](repeating: 0, count: 16))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try SafetensorsFile(path: path)
        #expect(file.entries["ids"]?.dtype == .i64)
        #expect { try file.tensor("ids") } throws: { "\($0)".contains("has dtype I64, not a float type") }
    }
}
