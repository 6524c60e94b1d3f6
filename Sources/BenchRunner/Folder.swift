import Foundation

/// Folders created as `mkdir -p` creates them, with the system's reason, naming the part of the path
/// that failed, when one cannot be (a part that is a file, a read-only or virtual file system).
public enum Folder {
    /// Creates `path` and its missing parents; nil on success, else why not
    /// (`/tmp/x/file: Not a directory`).
    public static func create(_ path: String) -> String? {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o755) == 0 { continue }
            let code = errno
            var status = stat()
            if code == EEXIST, stat(prefix, &status) == 0 {
                if (status.st_mode & S_IFMT) == S_IFDIR { continue }
                return "\(prefix): \(String(cString: strerror(ENOTDIR)))"
            }
            return "\(prefix): \(String(cString: strerror(code)))"
        }
        return nil
    }
}
