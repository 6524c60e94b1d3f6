import CZlib
import Foundation
@testable import Datasets

/// Scratch folders and hand-built tar.gz archives for the malformed-file tests.
enum TestFiles {
    /// The repository root, found from this file's path.
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The real data directory (ATTRIBENCH_DATA, else `shared/datasets` above the clone); throws when missing.
    static func realData() throws -> DataDirectory {
        try DataDirectory.resolve(currentDirectory: repoRoot)
    }

    /// A new empty folder under the temporary directory.
    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("datasets-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` to `name` inside `folder` (creating subfolders) and returns its path.
    @discardableResult
    static func write(_ text: String, to name: String, in folder: String) throws -> String {
        let path = (folder as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A ustar archive of the given files (in order), with its end-of-archive marker; `types` overrides
    /// the type flag of the first entries (`L`, `x`, `5`, ...).
    static func tar(_ files: [(name: String, contents: String)], types: [UInt8] = []) -> [UInt8] {
        var bytes: [UInt8] = []
        for (index, (name, contents)) in files.enumerated() {
            let data = Array(contents.utf8)
            var header = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, at offset: Int) {
                for (i, byte) in text.utf8.enumerated() { header[offset + i] = byte }
            }
            put(name, at: 0)
            put("0000644\0", at: 100)
            put("0001750\0", at: 108)
            put("0001750\0", at: 116)
            put(String(format: "%011o\0", data.count), at: 124)
            put("14700000000\0", at: 136)
            put("        ", at: 148)
            header[156] = index < types.count ? types[index] : UInt8(ascii: "0")
            put("ustar\u{0}00", at: 257)
            let sum = header.reduce(0) { $0 + Int($1) }
            put(String(format: "%06o\0 ", sum), at: 148)
            bytes += header + data
            bytes += [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
        }
        return bytes + [UInt8](repeating: 0, count: 1024)
    }

    /// Writes `bytes` gzip-compressed to `path`.
    static func writeGzip(_ bytes: [UInt8], to path: String) throws {
        guard let file = gzopen(path, "wb") else { throw CocoaError(.fileWriteUnknown) }
        let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        gzclose(file)
        guard written == bytes.count else { throw CocoaError(.fileWriteUnknown) }
    }

    /// The message of the `DatasetError` thrown by `body`, or a note that none was thrown.
    static func message<T>(_ body: () throws -> T) -> String {
        do {
            _ = try body()
            return "<no error>"
        } catch {
            return "\(error)"
        }
    }
}
