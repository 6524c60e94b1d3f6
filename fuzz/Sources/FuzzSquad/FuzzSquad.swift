import Datasets
import FuzzSupport

/// Fuzzes the SQuAD / XQuAD loader.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSquad(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = writeScratch(fuzzBytes(data, size), as: "squad.json")
    let task = TaskDefinition.xquad
    _ = try? SquadLoader.load(task: task, split: task.splits[0], path: path)
    return 0
}

@_cdecl("FuzzSquad_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc: argc, argv: argv, fuzzSquad)
}
