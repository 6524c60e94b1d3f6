/// Every error the runner throws, with what to do.
public enum BenchRunnerError: Error, Equatable, CustomStringConvertible {
    /// A suite file or value is unusable.
    case invalidSuite(source: String, reason: String)
    /// A run store cannot be read or written.
    case store(path: String, reason: String)
    /// A model for a task cannot be provided.
    case model(task: String, reason: String)
    /// A shard specification is malformed.
    case invalidShard(String)

    public var description: String {
        switch self {
        case let .invalidSuite(source, reason): return "\(source): \(reason)"
        case let .store(path, reason): return "run store \(path): \(reason)"
        case let .model(task, reason): return "task \(task): \(reason)"
        case let .invalidShard(text):
            return "--shard \(text): expected K/N with 1 ≤ K ≤ N (e.g. --shard 2/4 for the second of four shards)"
        }
    }
}
