import FuzzSupport
import TransformerCore

/// The seed GGUF whose `tokenizer.ggml.*` metadata the tokenizers below are built from (found from this
/// file's path, so the target runs from any directory).
let seedPath: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // FuzzBPE.swift, FuzzBPE, Sources
    return parts.joined(separator: "/") + "/corpus/FuzzGGUF/llama-tokenizer"
}()

/// The seed's tokenizer as the GGUF reader builds it: the SmolLM pre-tokeniser, 13 tokens, 3 merges,
/// two special tokens. Most bytes have no token in so small a vocabulary.
let seedTokenizer: BytePairEncoding = {
    do { return try BytePairEncoding(gguf: GGUFFile(path: seedPath)) } catch {
        fatalError("FuzzBPE: cannot build the BPE tokenizer from \(seedPath): \(error)")
    }
}()

/// The seed's tokens, merges and special tokens plus a token for every byte, as every real byte-level
/// vocabulary has (GPT-2's first 256 tokens), with the GPT-2 pre-tokeniser (the seed uses SmolLM's).
let completeTokenizer: BytePairEncoding = {
    do {
        let file = try GGUFFile(path: seedPath)
        guard case .array(_, let values)? = file.metadata["tokenizer.ggml.merges"] else {
            fatalError("FuzzBPE: \(seedPath) has no tokenizer.ggml.merges")
        }
        let merges: [(String, String)] = values.compactMap {
            guard case .string(let merge) = $0, let space = merge.firstIndex(of: " ") else { return nil }
            return (String(merge[..<space]), String(merge[merge.index(after: space)...]))
        }
        let seed = seedTokenizer
        let tokens = seed.tokens + alphabet.filter { seed.ids[$0] == nil }
        return try BytePairEncoding(tokens: tokens, merges: merges, specialTokens: seed.specialTokens,
                                    preTokenizer: .gpt2, bosID: seed.bosID, eosID: seed.eosID)
    } catch {
        fatalError("FuzzBPE: cannot build the complete BPE tokenizer from \(seedPath): \(error)")
    }
}()

/// GPT-2's byte → character table (`bytes_to_unicode`), rebuilt from its rule (the tokenizer's own is
/// internal): printable Latin-1 bytes stand for themselves, the others for U+0100 onwards in order.
let alphabet: [String] = {
    let printable = Array(33...126) + Array(161...172) + Array(174...255)
    var next: UInt32 = 256
    return (0..<256).map { byte in
        if printable.contains(byte) { return String(Unicode.Scalar(UInt8(byte))) }
        defer { next += 1 }
        return String(Unicode.Scalar(next)!)
    }
}()

/// Checks what `encode` promises for `text` and traps with the text and ids when it does not hold.
/// `decode(encode(s)) == s`, byte for byte, whenever every byte of `s` has a token (true of every real
/// byte-level vocabulary); otherwise `encode` falls back to token 0 for a byte without a token, so only
/// the ids are checked (in range).
func check(_ tokenizer: BytePairEncoding, _ text: String, name: String, everyByteHasAToken: Bool) {
    let ids = tokenizer.encode(text)
    for id in ids where !tokenizer.tokens.indices.contains(Int(id)) {
        fatalError("FuzzBPE(\(name)): encode(\(text.debugDescription)) gave id \(id), outside the \(tokenizer.tokens.count) tokens")
    }
    let decoded = tokenizer.bytes(of: ids)
    if everyByteHasAToken, decoded != Array(text.utf8) {
        fatalError("""
            FuzzBPE(\(name)): decode(encode(s)) != s for s = \(text.debugDescription) \
            (UTF-8 \(Array(text.utf8))): ids \(ids) decode to \(String(decoding: decoded, as: UTF8.self).debugDescription) \
            (UTF-8 \(decoded))
            """)
    }
    _ = tokenizer.decode(ids)
}

/// Whether every byte of `text` has a token of its own in `tokenizer`'s vocabulary.
func everyByteHasAToken(_ text: String, in tokenizer: BytePairEncoding) -> Bool {
    text.utf8.allSatisfy { tokenizer.ids[alphabet[Int($0)]] != nil }
}

/// Fuzzes the byte-level BPE tokenizer's text input: special-token splitting, both pre-tokenisers, the
/// byte alphabet, merges and decoding. Valid UTF-8 must survive `decode(encode(s))` byte for byte (on the
/// seed vocabulary only when its few tokens cover every byte); invalid UTF-8 is read as Swift reads it
/// (each bad sequence becomes U+FFFD) and must encode and decode without a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBPE(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let text = String(decoding: bytes, as: UTF8.self)
    guard Array(text.utf8) == bytes else {
        _ = seedTokenizer.decode(seedTokenizer.encode(text))
        _ = completeTokenizer.decode(completeTokenizer.encode(text))
        return 0
    }
    check(completeTokenizer, text, name: "complete", everyByteHasAToken: true)
    check(seedTokenizer, text, name: "seed", everyByteHasAToken: everyByteHasAToken(text, in: seedTokenizer))
    return 0
}

@_cdecl("FuzzBPE_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc: argc, argv: argv, fuzzBPE)
}
