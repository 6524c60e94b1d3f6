/// A deterministic slice of a run's units: unit keys hash (FNV-1a) into N shards; shard K (1-based)
/// computes those with hash mod N = K − 1. Every unit is in exactly one shard.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// This shard, 1-based.
    public let index: Int
    /// The number of shards.
    public let count: Int

    /// The whole run.
    public static let all = Shard(unchecked: 1, of: 1)

    init(unchecked index: Int, of count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `K/N`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else {
            throw BenchRunnerError.invalidShard(text)
        }
        self.init(unchecked: k, of: n)
    }

    /// Whether this shard computes the unit `key`.
    public func contains(_ key: String) -> Bool {
        guard count > 1 else { return true }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % UInt64(count)) == index - 1
    }

    public var description: String { "\(index)/\(count)" }
}
