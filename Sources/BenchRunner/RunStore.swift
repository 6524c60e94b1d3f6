import AttriJSON
import Foundation
import Logging

/// The append-only store of a run: one `UnitRecord` per line (JSONL through json-c), flushed and
/// fsync'd after every append, so a killed run loses at most the unit in flight. A torn last line
/// (a crash mid-write) is detected on open, logged and cut off; every complete line is kept. The store
/// is locked while open (`StoreFile`): a second run on the same store is refused with a message.
public final class RunStore {
    /// The store's path.
    public let path: String
    private let handle: FileHandle
    /// Every record read or appended, by unit key (a later record of a key replaces an earlier one).
    public private(set) var records: [String: UnitRecord] = [:]
    private let logger = Logger(label: "attribench.store")

    /// Opens (creating when missing) the store at `path` and reads what it holds.
    public init(path: String) throws {
        self.path = path
        let handle = try StoreFile.openLocked(path: path)
        self.handle = handle
        let data = try handle.readToEnd() ?? Data()
        var goodLength = 0, lineNumber = 0
        var start = data.startIndex
        while start < data.endIndex {
            lineNumber += 1
            guard let newline = data[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                logger.warning("discarding a torn last line left by an interrupted run", metadata: ["store": "\(path)", "line": "\(lineNumber)"])
                break
            }
            let line = String(decoding: data[start..<newline], as: UTF8.self)
            if !line.isEmpty {
                do {
                    let record = try UnitRecord(JSONCursor(JSONParser.parse(line, source: JSONSource(name: "\(path):\(lineNumber)")),
                                                           source: JSONSource(name: "\(path):\(lineNumber)")))
                    records[record.key] = record
                } catch {
                    if newline + 1 == data.endIndex {
                        logger.warning("discarding a damaged last line", metadata: ["store": "\(path)", "line": "\(lineNumber)"])
                        break
                    }
                    throw BenchRunnerError.store(path: path, reason: "line \(lineNumber) is damaged (\(error)); it is not the last line, so the store was edited — remove the line or start a new store")
                }
            }
            goodLength = newline + 1 - data.startIndex
            start = newline + 1
        }
        if goodLength < data.count {
            try handle.truncate(atOffset: UInt64(goodLength))
        }
        try handle.seekToEnd()
    }

    deinit { try? handle.close() }

    /// Whether the unit is stored.
    public func contains(_ key: String) -> Bool { records[key] != nil }

    /// Appends records durably (one write, then fsync). When the write fails (a full disk), the file is
    /// cut back to its last complete line, so every record stored before stays readable.
    public func append(_ new: [UnitRecord]) throws {
        guard !new.isEmpty else { return }
        let text = new.map { JSONWriter.string($0.json) + "\n" }.joined()
        let end = try? handle.offset()
        do {
            try handle.write(contentsOf: Data(text.utf8))
            try handle.synchronize()
        } catch {
            if let end {
                try? handle.truncate(atOffset: end)
                try? handle.synchronize()
            }
            throw BenchRunnerError.store(path: path, reason: "cannot append (\(StoreFile.reason(error))); is the disk full? "
                                         + "The \(records.count) units stored before are kept: free space and run the same command again to resume")
        }
        for record in new { records[record.key] = record }
    }

    /// The records sorted by key: the order every renderer uses, whatever order units were computed in.
    public var sortedRecords: [UnitRecord] { records.keys.sorted().map { records[$0]! } }
}
