import Datasets
import FuzzSupport

/// A CoLA-like definition with a header row, so both header modes are exercised.
let withHeader: TaskDefinition = {
    var task = TaskDefinition.cola
    task.columns = TSVColumns(names: ["sentence", "label"], text: "sentence", label: "label", header: true)
    return task
}()

/// Fuzzes the TSV loader with the CoLA definition, with and without a header row.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = writeScratch(fuzzBytes(data, size), as: "data.tsv")
    for task in [TaskDefinition.cola, withHeader] {
        _ = try? TSVLoader.load(task: task, split: task.splits[0], path: path)
    }
    return 0
}

@_cdecl("FuzzTSV_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc: argc, argv: argv, fuzzTSV)
}
