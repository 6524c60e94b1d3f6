import Foundation

/// The folder holding the task data (`sst2/`, `hatexplain/`, `cola/`, `eraser_movies/`, `xquad/`).
/// The data is read in place, never copied into the repository.
public struct DataDirectory: Sendable, Equatable {
    /// How the directory was found.
    public enum Origin: String, Sendable, Equatable {
        /// Given explicitly (a command-line option or a test).
        case explicit
        /// From the `ATTRIBENCH_DATA` environment variable.
        case environment
        /// Found as `shared/datasets` beside the project, walking up from the current directory.
        case discovered
    }

    /// The environment variable naming the data directory.
    public static let environmentVariable = "ATTRIBENCH_DATA"

    /// The absolute (or as given) path of the directory.
    public let path: String
    /// How it was found.
    public let origin: Origin

    /// A data directory at `path`; throws when it is not a directory.
    public init(path: String, origin: Origin = .explicit) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            let source = origin == .environment ? " (from \(Self.environmentVariable))" : ""
            throw DatasetError.io(path: path, reason: "the data directory\(source) does not exist or is not a folder; "
                + "point it at the folder holding sst2/, hatexplain/, cola/, eraser_movies/, xquad/")
        }
        self.path = path
        self.origin = origin
    }

    /// The data directory: `explicit` if given, else `ATTRIBENCH_DATA`, else the first `shared/datasets`
    /// found walking up from `currentDirectory` (so `../shared/datasets` beside the clone is found).
    public static func resolve(explicit: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               currentDirectory: String = FileManager.default.currentDirectoryPath) throws -> DataDirectory {
        if let explicit { return try DataDirectory(path: explicit, origin: .explicit) }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return try DataDirectory(path: fromEnvironment, origin: .environment)
        }
        var searched: [String] = []
        var directory = URL(fileURLWithPath: currentDirectory).standardizedFileURL
        while true {
            let candidate = directory.appendingPathComponent("shared/datasets").path
            searched.append(directory.path)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                return try DataDirectory(path: candidate, origin: .discovered)
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { break }
            directory = parent
        }
        throw DatasetError.dataDirectoryNotFound(searched: searched)
    }

    /// The path of `file`: itself when absolute, else inside this directory.
    public func resolve(_ file: String) -> String {
        file.hasPrefix("/") ? file : (path as NSString).appendingPathComponent(file)
    }
}
