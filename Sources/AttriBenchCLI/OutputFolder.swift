import BenchRunner
import Foundation

/// The folder a command writes its results to, checked before any work starts, so an unwritable
/// `--out` is reported at once instead of after a long run.
enum OutputFolder {
    /// Creates `path` (with its parents) and proves it writable by creating and removing a probe file.
    static func prepare(_ path: String, option: String = "--out") throws {
        if let reason = Folder.create(path) {
            throw CommandFailure("\(option) \(path): cannot create the folder (\(reason)); pass a writable folder")
        }
        let probe = (path as NSString).appendingPathComponent(".attribench-write-probe-\(getpid())")
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CommandFailure("\(option) \(path): cannot write in the folder (\(String(cString: strerror(errno)))); pass a writable folder")
        }
        close(descriptor)
        unlink(probe)
    }
}
