import Foundation
import TensorCore

/// Where a leaderboard's numbers come from: code, suite, models, data, seeds and machine.
public struct Provenance: Sendable, Equatable {
    /// The git commit of the code (or "unknown" outside a git checkout).
    public var gitCommit: String
    /// The suite's name and content hash.
    public var suite: String, suiteHash: String
    /// Model identifiers by task (path and size in bytes).
    public var models: [String: String]
    /// Data files by task (path, size in bytes).
    public var data: [String: String]
    /// The run's seed and bootstrap resamples.
    public var seed: UInt64, resamples: Int
    /// The machine (architecture, cores) and compute threads.
    public var machine: String, threads: Int

    /// A provenance record.
    public init(gitCommit: String, suite: String, suiteHash: String, models: [String: String], data: [String: String],
                seed: UInt64, resamples: Int, machine: String, threads: Int) {
        self.gitCommit = gitCommit
        self.suite = suite
        self.suiteHash = suiteHash
        self.models = models
        self.data = data
        self.seed = seed
        self.resamples = resamples
        self.machine = machine
        self.threads = threads
    }

    /// The commit of the checkout at `directory`, read from `.git` without running git.
    public static func gitCommit(of directory: String) -> String {
        var folder = URL(fileURLWithPath: directory).standardizedFileURL
        for _ in 0..<8 {
            let git = folder.appendingPathComponent(".git")
            if let head = try? String(contentsOf: git.appendingPathComponent("HEAD"), encoding: .utf8) {
                let trimmed = head.trimmingCharacters(in: .whitespacesAndNewlines)
                guard trimmed.hasPrefix("ref: ") else { return trimmed }
                let ref = String(trimmed.dropFirst(5))
                if let commit = try? String(contentsOf: git.appendingPathComponent(ref), encoding: .utf8) {
                    return commit.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                if let packed = try? String(contentsOf: git.appendingPathComponent("packed-refs"), encoding: .utf8),
                   let line = packed.split(separator: "\n").first(where: { $0.hasSuffix(" " + ref) }) {
                    return String(line.prefix(40))
                }
                return "unknown"
            }
            folder.deleteLastPathComponent()
        }
        return "unknown"
    }

    /// "x86_64, N cores, OpenBLAS K kernels".
    public static var machineDescription: String {
        var name = utsname()
        uname(&name)
        let machine = withUnsafeBytes(of: &name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return "\(machine), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ComputeThreads.blasKernels)"
    }

    /// "path (N bytes)" for a file or folder (folder: the sum of its files).
    public static func describe(path: String) -> String {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { return "\(path) (missing)" }
        var size: UInt64 = 0
        if isDirectory.boolValue {
            for name in (try? manager.contentsOfDirectory(atPath: path))?.sorted() ?? [] {
                size += ((try? manager.attributesOfItem(atPath: (path as NSString).appendingPathComponent(name)))?[.size] as? UInt64) ?? 0
            }
        } else {
            size = ((try? manager.attributesOfItem(atPath: path))?[.size] as? UInt64) ?? 0
        }
        return "\((path as NSString).lastPathComponent) (\(size) bytes)"
    }
}
