import AttriJSON
import BenchRunner
import FuzzSupport

/// Fuzzes suite files: JSON parsing, then the suite schema (unknown keys, ranges, task entries).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSuite(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var bytes = fuzzBytes(data, size)
    let source = JSONSource(name: "suite.json")
    guard let value = try? JSONParser.parse(bytes: &bytes, source: source) else { return 0 }
    _ = try? Suite(JSONCursor(value, source: source))
    return 0
}

@_cdecl("FuzzSuite_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc: argc, argv: argv, fuzzSuite)
}
