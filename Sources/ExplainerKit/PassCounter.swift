import TensorCore

/// Counts the forward and backward passes a subject's model access runs (thread-safe).
final class PassCounter: Sendable {
    private let counts = LockedValue((forward: 0, backward: 0))

    /// Adds passes.
    func add(forward: Int = 0, backward: Int = 0) {
        counts.withLock { $0.forward += forward; $0.backward += backward }
    }

    /// The passes so far.
    var snapshot: (forward: Int, backward: Int) { counts.withLock { $0 } }
}
