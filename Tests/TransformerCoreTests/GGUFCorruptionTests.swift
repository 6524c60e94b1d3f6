import Foundation
import Testing
@testable import TransformerCore

/// Truncated, corrupted and hostile GGUF files built in the test: each gives an error naming what is
/// wrong, never a crash, an out-of-bounds read or a huge allocation.
@Suite struct GGUFCorruptionTests {
    /// A minimal valid GGUF v3 file: two metadata values, an array, and one F32 tensor of 4 values.
    struct Builder {
        var bytes: [UInt8] = []
        mutating func u32(_ v: UInt32) { bytes += withUnsafeBytes(of: v.littleEndian, Array.init) }
        mutating func u64(_ v: UInt64) { bytes += withUnsafeBytes(of: v.littleEndian, Array.init) }
        mutating func string(_ s: String, declaredLength: UInt64? = nil) {
            u64(declaredLength ?? UInt64(s.utf8.count))
            bytes += Array(s.utf8)
        }

        static func valid(arrayElementType: UInt32 = 8, arrayCount: UInt64 = 2, dims: [UInt64] = [4], tensorType: UInt32 = 0,
                          offset: UInt64 = 0, alignment: UInt32 = 32, stringLength: UInt64? = nil) -> [UInt8] {
            var b = Builder()
            b.u32(0x4655_4747); b.u32(3)
            b.u64(1); b.u64(3)
            b.string("general.architecture"); b.u32(8); b.string("llama", declaredLength: stringLength)
            b.string("general.alignment"); b.u32(4); b.u32(alignment)
            b.string("tokenizer.ggml.tokens"); b.u32(9); b.u32(arrayElementType); b.u64(arrayCount)
            b.string("a"); b.string("b")
            b.string("w"); b.u32(UInt32(dims.count)); for d in dims { b.u64(d) }
            b.u32(tensorType); b.u64(offset)
            while b.bytes.count % 32 != 0 { b.bytes.append(0) }
            for v: Float in [1, 2, 3, 4] { b.u32(v.bitPattern) }
            return b.bytes
        }
    }

    static func open(_ bytes: [UInt8]) throws -> GGUFFile {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("g-\(UUID()).gguf").path
        try #require(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try GGUFFile(path: path)
    }

    @Test func theValidFileReads() throws {
        let file = try Self.open(Builder.valid())
        #expect(try file.string("general.architecture") == "llama")
        #expect(try file.tensor("w").storage == [1, 2, 3, 4])
    }

    @Test func everyTruncationIsAnError() throws {
        let bytes = Builder.valid()
        for length in 0..<(bytes.count - 16) {   // the last 16 bytes are tensor data, cut by whole values below
            #expect(throws: TransformerCoreError.self, "truncated at \(length) bytes") { try Self.open(Array(bytes.prefix(length))) }
        }
        #expect { try Self.open(Array(bytes.prefix(bytes.count - 4))) } throws: { "\($0)".contains("run past the data section") }
    }

    @Test(arguments: [
        (Builder.valid(arrayElementType: 99), "unknown array element type 99"),
        (Builder.valid(arrayCount: UInt64.max), "more than the"),
        (Builder.valid(stringLength: 1 << 60), "more than the"),
        (Builder.valid(dims: [4, 1 << 31]), "dimension 2147483648"),
        (Builder.valid(dims: [2_000_000_000, 2_000_000_000, 2_000_000_000]), "overflow"),
        (Builder.valid(dims: [1, 1, 1, 1, 1]), "has 5 dimensions"),
        (Builder.valid(tensorType: 77), "has ggml type 77"),
        (Builder.valid(tensorType: 2), "row length 4 is not a multiple of the Q4_0 block size 32"),
        (Builder.valid(offset: 4), "offset 4 is not aligned to 32"),
        (Builder.valid(offset: 1 << 40), "beyond the file"),
        (Builder.valid(alignment: 24), "general.alignment 24 is not a power of two"),
        (Builder.valid(alignment: 0), "general.alignment 0 is not a power of two"),
        (Array("GGML".utf8) + [UInt8](repeating: 0, count: 60), "not a GGUF file"),
    ])
    func hostileFilesAreNamed(bytes: [UInt8], message: String) throws {
        #expect { try Self.open(bytes) } throws: { error in "\(error)".contains(message) }
    }

    @Test func duplicateKeysAndWrongVersionsAreRejected() throws {
        var bytes = Builder.valid()
        bytes.replaceSubrange(4..<8, with: [9, 0, 0, 0])
        #expect { try Self.open(bytes) } throws: { "\($0)".contains("unsupported GGUF version 9") }
        var b = Builder()
        b.u32(0x4655_4747); b.u32(3); b.u64(0); b.u64(2)
        b.string("k"); b.u32(4); b.u32(1)
        b.string("k"); b.u32(4); b.u32(2)
        #expect { try Self.open(b.bytes) } throws: { "\($0)".contains("metadata key \"k\" appears twice") }
    }
}
