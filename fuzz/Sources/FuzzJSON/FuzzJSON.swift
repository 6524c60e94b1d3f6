import AttriJSON
import FuzzSupport

/// Fuzzes the JSON parser (json-c underneath) and re-serialises what it accepts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var bytes = fuzzBytes(data, size)
    guard let value = try? JSONParser.parse(bytes: &bytes, source: JSONSource(name: "fuzz")) else { return 0 }
    _ = try? JSONParser.parse(JSONWriter.string(value))
    return 0
}

@_cdecl("FuzzJSON_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc: argc, argv: argv, fuzzJSON)
}
