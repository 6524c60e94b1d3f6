import Foundation
import Testing
@testable import TransformerCore

/// Hostile `tokenizer.ggml.*` metadata (found while writing `fuzz/FuzzGGUF`: an id of 2^31 or more trapped in `Int32.init`): each gives an error naming the
/// field, never a trap.
@Suite struct GGUFTokenizerMetadataTests {
    /// A GGUF file with no tensors and a three-token byte-level BPE vocabulary; `bos` is written as
    /// a u32 `tokenizer.ggml.bos_token_id`.
    static func tokenizerFile(bos: UInt32) -> [UInt8] {
        var b = GGUFCorruptionTests.Builder()
        b.u32(0x4655_4747); b.u32(3)
        b.u64(0); b.u64(4)
        b.string("tokenizer.ggml.model"); b.u32(8); b.string("gpt2")
        b.string("tokenizer.ggml.tokens"); b.u32(9); b.u32(8); b.u64(3)
        b.string("a"); b.string("b"); b.string("ab")
        b.string("tokenizer.ggml.merges"); b.u32(9); b.u32(8); b.u64(1)
        b.string("a b")
        b.string("tokenizer.ggml.bos_token_id"); b.u32(4); b.u32(bos)
        while b.bytes.count % 32 != 0 { b.bytes.append(0) }   // the (empty) data section starts aligned
        return b.bytes
    }

    @Test func aValidTokenIDIsKept() throws {
        let tokenizer = try BytePairEncoding(gguf: GGUFCorruptionTests.open(Self.tokenizerFile(bos: 2)))
        #expect(tokenizer.bosID == 2)
        #expect(tokenizer.encode("ab") == [2])
    }

    @Test(arguments: [UInt32(3), UInt32(Int32.max) + 1, UInt32.max])
    func aTokenIDOutsideTheVocabularyIsNamed(bos: UInt32) throws {
        let file = try GGUFCorruptionTests.open(Self.tokenizerFile(bos: bos))
        #expect { try BytePairEncoding(gguf: file) } throws: { error in
            "\(error)".contains("tokenizer.ggml.bos_token_id") && "\(error)".contains("not a token id below the 3 tokens")
        }
    }
}
