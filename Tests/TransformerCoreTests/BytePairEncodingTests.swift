import AttriJSON
import Testing
@testable import TransformerCore

/// The GGUF byte-level BPE tokenizer and ChatML template against HF transformers' tokenizer loaded from
/// the same GGUF (`scripts/golden/decoder_golden.py`): ids exactly, and decoding back to the text.
@Suite(.serialized) struct BytePairEncodingTests {
    static let golden = Result { try ModelLocations.goldenJSON("decoder_tokenizer_golden.json") }
    static let tokenizer = Result { try BytePairEncoding(gguf: try GGUFFile(path: try ModelLocations.decoderFile())) }

    @Test func idsMatchHFExactlyAndDecodeBack() throws {
        let tokenizer = try Self.tokenizer.get()
        #expect(tokenizer.preTokenizer == .smollm)
        let cases = try Self.golden.get().field("texts").array()
        #expect(cases.count >= 10)
        for c in cases {
            let text = try c.field("text").string()
            let ids = tokenizer.encode(text)
            #expect(ids.map(Int.init) == (try c.field("ids").integers()), "ids of \(text.debugDescription)")
            #expect(tokenizer.decode(ids) == (try c.field("decoded").string()), "decoding of \(text.debugDescription)")
        }
    }

    @Test func chatTemplateMatchesHF() throws {
        let tokenizer = try Self.tokenizer.get()
        for chat in try Self.golden.get().field("chats").array() {
            let messages = try chat.field("messages").array().map {
                ChatTemplate.Message(role: try $0.field("role").string(), content: try $0.field("content").string())
            }
            let text = ChatTemplate.smolLM2.render(messages)
            #expect(text == (try chat.field("text").string()))
            #expect(tokenizer.encode(text).map(Int.init) == (try chat.field("ids").integers()))
        }
    }

    @Test func decodingJoinsBytesSplitAcrossTokens() throws {
        let tokenizer = try Self.tokenizer.get()
        let ids = tokenizer.encode("😀")
        #expect(ids.count > 1, "the emoji is split into byte tokens")
        #expect(tokenizer.decode(ids) == "😀")
        #expect(tokenizer.decode(Array(ids.prefix(1))) == "\u{FFFD}", "half a character decodes to U+FFFD, never a crash")
    }

    @Test(arguments: [
        ("a  \n  b", ["a", "  \n ", " b"]),
        ("x123y", ["x", "1", "2", "3", "y"]),
        ("it's ISN'T", ["it", "'s", " ISN", "'", "T"]),
        ("   ", ["   "]),
        ("hi!!  there", ["hi", "!!", " ", " there"]),
    ])
    func smolLMPreTokenizerSplitsAsTheRegexDoes(text: String, pieces: [String]) {
        #expect(GPT2PreTokenizer.smollm.pieces(text) == pieces)
    }
}
