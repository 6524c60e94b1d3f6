import FuzzSupport
import TransformerCore

/// Fuzzes the safetensors reader: header parsing, then every tensor small enough to materialise.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = writeScratch(fuzzBytes(data, size), as: "model.safetensors")
    guard let file = try? SafetensorsFile(path: path) else { return 0 }
    for name in file.tensorNames.prefix(16) {
        _ = try? file.tensor(name)
    }
    return 0
}

@_cdecl("FuzzSafetensors_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc: argc, argv: argv, fuzzSafetensors)
}
