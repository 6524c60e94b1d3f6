import CBLAS
import Dispatch
import Foundation

/// The number of compute threads: OpenBLAS's and the non-BLAS kernels' `parallelFor`.
///
/// Read once from `ATTRIBENCH_THREADS` (default: the number of active cores); `configure(count:)`
/// changes it for both.
public enum ComputeThreads {
    private static let state = LockedValue(initialCount())

    /// The current thread count (at least 1).
    public static var count: Int { state.withLock { $0 } }

    /// Sets the thread count for OpenBLAS and `parallelFor`.
    public static func configure(count: Int) {
        let n = max(1, count)
        state.withLock { $0 = n }
        openblas_set_num_threads(Int32(n))
    }

    private static func initialCount() -> Int {
        let fromEnvironment = ProcessInfo.processInfo.environment["ATTRIBENCH_THREADS"].flatMap { Int($0) }
        let n = max(1, fromEnvironment ?? ProcessInfo.processInfo.activeProcessorCount)
        openblas_set_num_threads(Int32(n))
        return n
    }
}

/// A minimal lock-protected value (portable to every platform the package builds on).
final class LockedValue<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

/// Runs `body(i)` for i in 0..<n, split into contiguous chunks across `ComputeThreads.count` threads
/// when the total work (`n · workPerItem`, in rough flops) is large enough to pay for the dispatch.
@inlinable
public func parallelFor(_ n: Int, workPerItem: Int = 1, _ body: (Int) -> Void) {
    let threads = min(ComputeThreads.count, n)
    if threads <= 1 || n * workPerItem < 32_768 {
        for i in 0..<n { body(i) }
        return
    }
    withoutActuallyEscaping(body) { body in
        let box = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: threads) { chunk in
            let start = n * chunk / threads, end = n * (chunk + 1) / threads
            for i in start..<end { box.value(i) }
        }
    }
}

/// Hands a non-Sendable value (e.g. buffer pointers) to `parallelFor` bodies whose writes are
/// disjoint by construction; the caller vouches for that.
public struct UncheckedSendable<T>: @unchecked Sendable {
    /// The wrapped value.
    public let value: T
    /// Wraps `value`.
    @inlinable public init(_ value: T) { self.value = value }
}
