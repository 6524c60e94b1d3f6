import Foundation
import FuzzSupport
import TransformerCore

/// The all-MiniLM-L6-v2 vocabulary when the model is set up, else a tiny one (so the target always runs).
let tokenizer: WordPieceTokenizer = {
    let folder = NSHomeDirectory() + "/.cache/attribench/models/all-MiniLM-L6-v2"
    if let real = try? WordPieceTokenizer(folder: folder, maximumLength: 64) { return real }
    let tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b", "##a", "##b", "the", "##s", ",", "."]
    do { return try WordPieceTokenizer(tokens: tokens, maximumLength: 16) } catch { fatalError("\(error)") }
}()

/// Fuzzes WordPiece tokenisation (normalisation, pre-tokenisation, greedy longest match, truncation)
/// on arbitrary text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWordPiece(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: fuzzBytes(data, size), as: UTF8.self)
    let encoded = tokenizer.encode(text)
    precondition(encoded.ids.count == encoded.tokens.count && encoded.ids.count == encoded.wordIDs.count,
                 "ids, tokens and word ids differ in length")
    precondition(encoded.ids.count <= tokenizer.maximumLength, "encoding longer than the maximum length")
    let words = tokenizer.preTokenize(text)
    _ = tokenizer.encode(words: words)
    return 0
}

@_cdecl("FuzzWordPiece_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc: argc, argv: argv, fuzzWordPiece)
}
