import AttriJSON
import Testing
@testable import TransformerCore

/// The GGUF reader against the `gguf` Python package (`scripts/golden/gguf_golden.py`): metadata,
/// tensor infos, and dequantised values bit for bit, on the real SmolLM2 file and on synthetic blocks
/// of every supported type.
@Suite(.serialized) struct GGUFGoldenTests {
    static let golden = Result { try ModelLocations.goldenJSON("gguf_golden.json") }
    /// Opened by each test, not cached in a static: LeakSanitizer cannot follow the pointers Swift keeps
    /// in `GGUFValue`'s spare bits, so a file held until exit reads as 5 MB of leaked token strings.
    static func file() throws -> GGUFFile { try GGUFFile(path: try ModelLocations.decoderFile()) }

    @Test func metadataAndTensorInfosMatch() throws {
        let file = try Self.file()
        let real = try Self.golden.get().field("real")
        #expect(file.version == 3)
        #expect(file.alignment == (try real.field("alignment").integer()))
        #expect(file.tensorNames.count == (try real.field("tensor_count").integer()))
        #expect(file.metadataKeys.count == (try real.field("key_count").integer()))
        let metadata = try real.field("metadata")
        #expect(try file.string("general.architecture") == (try metadata.field("general.architecture").string()))
        #expect(try file.string("tokenizer.ggml.pre") == (try metadata.field("tokenizer.ggml.pre").string()))
        for key in ["llama.block_count", "llama.embedding_length", "llama.attention.head_count",
                    "llama.attention.head_count_kv", "tokenizer.ggml.bos_token_id"] {
            #expect(try file.integer(key) == (try metadata.field(key).integer()), "\(key)")
        }
        #expect(Float(try file.number("llama.attention.layer_norm_rms_epsilon"))
                == Float(try metadata.field("llama.attention.layer_norm_rms_epsilon").double()))
        guard case .array(.string, let tokens)? = file.metadata["tokenizer.ggml.tokens"] else {
            Issue.record("tokenizer.ggml.tokens is not an array of strings")
            return
        }
        #expect(tokens.count == (try real.field("token_count").integer()))
        #expect(tokens.prefix(5).map { $0 } == (try real.field("first_tokens").strings().map(GGUFValue.string)))
        for entry in try real.field("tensors").array() {
            let name = try entry.field("name").string()
            let info = try #require(file.tensors[name], "tensor \(name)")
            #expect(info.type.name == (try entry.field("type").string()), "type of \(name)")
            #expect(info.dimensions == (try entry.field("dims").integers()), "dims of \(name)")
            #expect(info.byteCount == (try entry.field("bytes").integer()), "bytes of \(name)")
        }
    }

    @Test func dequantisedRealTensorsAreBitExact() throws {
        let file = try Self.file()
        let chosen = try Self.golden.get().field("real").field("dequantized")
        for name in try chosen.object().keys {
            let entry = try chosen.field(name)
            let tensor = try file.tensor(name)
            let rowLength = try #require(file.tensors[name]).dimensions[0]
            let rows = try entry.optionalField("rows")?.integers() ?? Array(0..<(tensor.count / rowLength))
            let actual = rows.flatMap { tensor.storage[($0 * rowLength)..<(($0 + 1) * rowLength)].map(\.bitPattern) }
            let expected = try entry.field("bits").integers().map(UInt32.init)
            #expect(actual == expected, "\(name): \(zip(actual, expected).filter { $0 != $1 }.count) values differ")
        }
    }

    @Test func everySupportedTypeDequantisesBitExactly() throws {
        let cases = try Self.golden.get().field("synthetic").array()
        #expect(Set(try cases.map { try $0.field("type").string() }) == Set(GGMLType.allCases.filter { $0 != .f32 }.map(\.name)))
        for c in cases {
            let name = try c.field("type").string()
            let type = try #require(GGMLType.allCases.first { $0.name == name })
            let bytes = try c.field("bytes").integers().map(UInt8.init)
            let expected = try c.field("bits").integers().map(UInt32.init)
            var out = [Float](repeating: .nan, count: expected.count)
            bytes.withUnsafeBytes { raw in
                out.withUnsafeMutableBufferPointer { dequantize(type, source: raw.baseAddress!, blocks: bytes.count / type.blockBytes, out: $0.baseAddress!) }
            }
            #expect(out.map(\.bitPattern) == expected, "\(name): \(zip(out.map(\.bitPattern), expected).filter { $0 != $1 }.count) values differ")
        }
    }
}
