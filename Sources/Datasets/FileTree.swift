import Foundation

/// Files read by relative path from either a `.tar.gz` archive (inflated once, in memory) or a folder,
/// so that ERASER data loads the same way packed or unpacked.
enum FileTree {
    /// A gzip-compressed tar archive.
    case archive(TarArchive, path: String)
    /// An unpacked folder.
    case folder(String)

    /// The archive at `path` when it is a file, or the folder at `path`.
    static func open(_ path: String) throws -> FileTree {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DatasetError.io(path: path, reason: "no such archive or folder; point the task at a .tar.gz "
                + "archive or at the folder it unpacks to")
        }
        if isDirectory.boolValue { return .folder(path) }
        return .archive(try TarArchive(bytes: GzipFile.read(path), name: path), path: path)
    }

    /// The archive's or folder's path.
    var path: String {
        switch self {
        case .archive(_, let path), .folder(let path): return path
        }
    }

    /// The archive's path, or nil for a folder.
    var archivePath: String? {
        if case .archive(_, let path) = self { return path }
        return nil
    }

    /// Where the file `member` is, for errors.
    func location(of member: String) -> SourceLocation {
        switch self {
        case .archive(_, let path): return SourceLocation(file: member, archive: path)
        case .folder(let root): return SourceLocation(file: (root as NSString).appendingPathComponent(member))
        }
    }

    /// The bytes of `member`, or a `missingEntry` error (naming `neededBy`) when it is absent.
    func contents(of member: String, neededBy: SourceLocation? = nil) throws -> ArraySlice<UInt8> {
        switch self {
        case .archive(let archive, let path):
            guard let bytes = archive.contents(of: member) else {
                throw DatasetError.missingEntry(container: path, entry: member, neededBy: neededBy)
            }
            return bytes
        case .folder(let root):
            let file = (root as NSString).appendingPathComponent(member)
            guard let data = FileManager.default.contents(atPath: file) else {
                throw DatasetError.missingEntry(container: root, entry: member, neededBy: neededBy)
            }
            return [UInt8](data)[...]
        }
    }
}
