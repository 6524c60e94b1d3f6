import Foundation

/// A 64-bit FNV-1a fingerprint over files and strings: the fine-tune cache key, so that a changed
/// base model, data file, setting or trainer version gives another key (and a retrain).
public struct Fingerprint: Sendable {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    /// An empty fingerprint.
    public init() {}

    /// Adds bytes.
    public mutating func add<S: Sequence>(bytes: S) where S.Element == UInt8 {
        for byte in bytes { state = (state ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }

    /// Adds a string and a separator (so that ("ab", "c") and ("a", "bc") differ).
    public mutating func add(_ text: String) {
        add(bytes: text.utf8)
        add(bytes: [0])
    }

    /// Adds a file's name, size and contents, read in 1 MiB chunks.
    public mutating func add(file path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw TrainingError.io(path: path, reason: "cannot be read for the fine-tune cache key")
        }
        defer { try? handle.close() }
        add((path as NSString).lastPathComponent)
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { add(bytes: $0) }
        }
        add(bytes: [0])
    }

    /// The fingerprint as 16 hex digits.
    public var hex: String {
        let digits = String(state, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
