import Datasets
import FuzzSupport

/// Fuzzes the ERASER loader. An input starting with the gzip magic is written as `movies.tar.gz`
/// (fuzzing gzip, tar and the loader); any other input is split at its first zero byte into
/// `movies/train.jsonl` and the document `movies/docs/d`, laid out as a folder.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEraser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let task = TaskDefinition.movies
    if bytes.starts(with: [0x1f, 0x8b]) {
        let path = writeScratch(bytes, as: "movies.tar.gz")
        _ = try? EraserLoader.load(task: task, split: task.splits[0], path: path)
    } else {
        let (annotations, document) = splitAtZero(bytes)
        writeScratch(annotations, as: "eraser/movies/train.jsonl")
        writeScratch(document, as: "eraser/movies/docs/d")
        _ = try? EraserLoader.load(task: task, split: task.splits[0], path: fuzzScratch + "/eraser")
    }
    return 0
}

@_cdecl("FuzzEraser_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc: argc, argv: argv, fuzzEraser)
}
