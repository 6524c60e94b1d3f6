import Foundation

/// Opens a run store for reading and appending, held under an exclusive advisory lock (`flock`) for as
/// long as the handle is open, so two runs never write one store. The kernel drops the lock when the
/// holder exits, however it exits, so a killed run never blocks the next one.
enum StoreFile {
    /// The open, locked store at `path` (created when missing, with its folder).
    static func openLocked(path: String) throws -> FileHandle {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, let reason = Folder.create(folder) {
            throw BenchRunnerError.store(path: path, reason: "cannot create its folder (\(reason)); pass a --store in a writable folder")
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw BenchRunnerError.store(path: path, reason: "cannot open for reading and writing (\(errnoText())); pass a --store in a writable folder")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw BenchRunnerError.store(path: path, reason: "cannot stat (\(errnoText()))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw BenchRunnerError.store(path: path, reason: "is not a regular file; a store is a .jsonl file, pass a file path to --store")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            throw BenchRunnerError.store(path: path, reason: busy
                ? "another attribench run holds this store (it is locked); wait for that run to finish, or pass another --store"
                : "cannot lock (\(errnoText()))")
        }
        return handle
    }

    /// The text of the current `errno`.
    static func errnoText() -> String { String(cString: strerror(errno)) }

    /// A Foundation error's reason: the system's words for a POSIX error, else the error's own.
    static func reason(_ error: any Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        return error.localizedFailureReason ?? error.localizedDescription
    }
}
