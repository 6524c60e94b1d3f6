/// Every error the Training module throws; each names the file or value and what to do.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// A file could not be written or read.
    case io(path: String, reason: String)
    /// A saved training state does not fit the run that tries to resume from it.
    case incompatibleState(path: String, reason: String)
    /// Settings that cannot train.
    case invalidSettings(field: String, reason: String)
    /// Training data that cannot train.
    case invalidData(String)

    public var description: String {
        switch self {
        case let .io(path, reason): return "\(path): \(reason)"
        case let .incompatibleState(path, reason):
            return "\(path): \(reason); delete the file to start the fine-tune afresh"
        case let .invalidSettings(field, reason): return "fine-tune setting \"\(field)\" \(reason)"
        case let .invalidData(reason): return "training data: \(reason)"
        }
    }
}
