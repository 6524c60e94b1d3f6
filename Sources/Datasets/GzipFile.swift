import CZlib
import Foundation

/// Reads a whole gzip-compressed file into memory with zlib.
enum GzipFile {
    /// The decompressed bytes of the gzip file at `path`. A missing file is an `io` error; a file that
    /// is not gzip, is truncated or fails its CRC is a `corruptArchive` error naming the file.
    static func read(_ path: String) throws -> [UInt8] {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw DatasetError.io(path: path, reason: "cannot open the file (missing or unreadable)")
        }
        guard let file = gzopen(path, "rb") else {
            throw DatasetError.io(path: path, reason: "cannot open the file: \(String(cString: strerror(errno)))")
        }
        defer { gzclose(file) }
        if gzdirect(file) != 0 {
            throw DatasetError.corruptArchive(archive: path, entry: nil, problem: "not a gzip-compressed file")
        }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if count < 0 { throw corruption(file, path: path, after: result.count) }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<Int(count)])
        }
        var status: Int32 = 0
        _ = gzerror(file, &status)
        if status != Z_OK { throw corruption(file, path: path, after: result.count) }
        return result
    }

    private static func corruption(_ file: gzFile, path: String, after bytes: Int) -> DatasetError {
        var status: Int32 = 0
        let message = gzerror(file, &status).map { String(cString: $0) } ?? "unknown zlib error"
        let reason = status == Z_BUF_ERROR ? "the compressed data ends early (truncated?)" : message
        return .corruptArchive(archive: path, entry: nil, problem: "gzip: \(reason) after \(bytes) decompressed bytes")
    }
}
