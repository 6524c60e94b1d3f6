/// Combines shard stores into one: the union of their records. Stores of different suites, or two
/// different records of one unit, are errors.
public enum StoreMerge {
    /// The merged records and the common provenance.
    public static func merge(stores paths: [String]) throws -> (records: [UnitRecord], provenance: Provenance) {
        guard let first = paths.first else { throw BenchRunnerError.store(path: "-", reason: "no stores to merge") }
        let provenance = try RunManifest.read(forStore: first)
        var merged: [String: UnitRecord] = [:]
        for path in paths {
            let other = try RunManifest.read(forStore: path)
            guard other.suiteHash == provenance.suiteHash else {
                throw BenchRunnerError.store(path: path, reason: "was run with suite hash \(other.suiteHash), not \(provenance.suiteHash) like \(first); merge shards of one suite")
            }
            for (key, record) in try RunStore(path: path).records {
                if let existing = merged[key], existing.json != record.json, !sameResult(existing, record) {
                    throw BenchRunnerError.store(path: path, reason: "unit \(key) differs from another store's; shards must not overlap")
                }
                merged[key] = merged[key] ?? record
            }
        }
        return (merged.keys.sorted().map { merged[$0]! }, provenance)
    }

    /// Equal but for the wall-clock seconds.
    static func sameResult(_ a: UnitRecord, _ b: UnitRecord) -> Bool {
        var a = a, b = b
        a.seconds = 0
        b.seconds = 0
        return a == b
    }
}
