import Foundation

/// The signature of a libFuzzer test callback (`LLVMFuzzerTestOneInput`).
public typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

@_silgen_name("LLVMFuzzerRunDriver")
private func llvmFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                                 _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                                 _ callback: FuzzCallback) -> CInt

/// Hands control to libFuzzer's driver. SwiftPM renames an executable's entry point to `<Target>_main`,
/// which then replaces libFuzzer's own `main`, so each target's entry point forwards here.
public func runFuzzer(argc: CInt, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ callback: FuzzCallback) -> CInt {
    var count = argc
    var vector = argv
    return llvmFuzzerRunDriver(&count, &vector, callback)
}

/// The fuzz input as a byte array.
public func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// A per-process scratch directory for loaders that read from a path.
public let fuzzScratch: String = {
    let path = NSTemporaryDirectory() + "attribench-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}()

/// Writes `bytes` to `name` inside the scratch directory (creating parent folders) and returns the path.
@discardableResult
public func writeScratch(_ bytes: some Collection<UInt8>, as name: String) -> String {
    let path = fuzzScratch + "/" + name
    let parent = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
        fatalError("cannot write the fuzz scratch file \(path)")
    }
    return path
}

/// Splits `bytes` at the first zero byte: (before, after); `after` is empty when there is none.
public func splitAtZero(_ bytes: [UInt8]) -> ([UInt8], [UInt8]) {
    guard let zero = bytes.firstIndex(of: 0) else { return (bytes, []) }
    return (Array(bytes[..<zero]), Array(bytes[(zero + 1)...]))
}
