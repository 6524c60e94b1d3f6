import Datasets
import FuzzSupport

/// Fuzzes the rationale JSONL loader with the SST-2 (label index, soft rationales) and HateXplain
/// (label names, split selection) definitions.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRationaleJSONL(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = writeScratch(fuzzBytes(data, size), as: "rationales.jsonl")
    for task in [TaskDefinition.sst2, TaskDefinition.hatexplain] {
        _ = try? RationaleJSONLLoader.load(task: task, split: task.splits[0], path: path)
    }
    return 0
}

@_cdecl("FuzzRationaleJSONL_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc: argc, argv: argv, fuzzRationaleJSONL)
}
