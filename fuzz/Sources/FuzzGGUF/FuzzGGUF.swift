import FuzzSupport
import TransformerCore

/// Fuzzes the GGUF reader (header, metadata, tensor infos, dequantisation) and the byte-level BPE
/// tokenizer built from its `tokenizer.ggml.*` metadata.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGGUF(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = writeScratch(fuzzBytes(data, size), as: "model.gguf")
    guard let file = try? GGUFFile(path: path) else { return 0 }
    for name in file.tensorNames.prefix(16) {
        _ = try? file.tensor(name)
        _ = try? file.rawBytes(name)
    }
    _ = try? LlamaConfig(gguf: file)
    if let tokenizer = try? BytePairEncoding(gguf: file) {
        let ids = tokenizer.encode("Hello, world! It's 2024 — naïve café 🙂\n  tabs\tand   spaces")
        _ = tokenizer.decode(ids)
    }
    return 0
}

@_cdecl("FuzzGGUF_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc: argc, argv: argv, fuzzGGUF)
}
