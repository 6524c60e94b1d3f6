import CBLAS
import CWorkerPool
import Foundation

/// The number of compute threads: OpenBLAS's and the non-BLAS kernels' `parallelFor`.
///
/// Read once from `ATTRIBENCH_THREADS` (default: the number of active cores); `configure(count:)`
/// changes it for both.
public enum ComputeThreads {
    private static let state = LockedValue(initialCount())

    /// The current thread count (at least 1).
    public static var count: Int { state.withLock { $0 } }

    /// Sets the thread count of `parallelFor` (and so of `gemm`, which splits its work through it).
    public static func configure(count: Int) {
        let n = max(1, count)
        state.withLock { $0 = n }
    }

    /// The OpenBLAS kernel set in use (see `BLASKernelSelection`).
    public static var blasKernels: BLASKernelChoice { BLASKernelSelection.applied }

    /// OpenBLAS itself runs single-threaded: `gemm` splits large products across `parallelFor`'s
    /// threads, so no BLAS thread pool spins beside the project's own threads.
    private static func initialCount() -> Int {
        let fromEnvironment = ProcessInfo.processInfo.environment["ATTRIBENCH_THREADS"].flatMap { Int($0) }
        _ = BLASKernelSelection.applied
        _ = AllocatorTuning.applied
        openblas_set_num_threads(1)
        return max(1, fromEnvironment ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Whether the calling thread is running a `parallelFor` body (nested parallelism runs serially).
    public static var isInsideParallelRegion: Bool { attribench_pool_in_job() != 0 }
}

/// A minimal lock-protected value (portable to every platform the package builds on).
public final class LockedValue<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    /// Protects `value`.
    public init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    public func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

/// Runs `body(i)` for i in 0..<n, split into contiguous chunks (up to four per thread) that the
/// `ComputeThreads.count` threads (the caller and the spinning workers of CWorkerPool) claim one at a
/// time, so a thread slowed by a busy core takes fewer; only when the total work (`n · workPerItem`, in
/// rough flops) is large enough to pay for handing it out.
@inlinable
public func parallelFor(_ n: Int, workPerItem: Int = 1, _ body: (Int) -> Void) {
    let threads = min(ComputeThreads.count, n)
    let work = n.multipliedReportingOverflow(by: workPerItem)
    if threads <= 1 || (!work.overflow && work.partialValue < 32_768) {
        for i in 0..<n { body(i) }
        return
    }
    runOnWorkerPool(n, threads: threads, chunks: min(n, threads * chunksPerThread), body)
}

/// How many chunks `parallelFor` makes per thread: enough to even out threads of unequal speed, few
/// enough that claiming them (one atomic add each) costs nothing measurable.
@usableFromInline let chunksPerThread = 4

/// One chunk of a `parallelFor`, as the worker pool's C callback sees it.
private struct ParallelJob {
    let body: (Int) -> Void
    let n: Int, chunks: Int
}

/// Runs `body(i)` for i in 0..<n in `chunks` contiguous chunks on `threads` threads of the worker pool.
@usableFromInline
func runOnWorkerPool(_ n: Int, threads: Int, chunks: Int, _ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { body in
        var job = ParallelJob(body: body, n: n, chunks: chunks)
        withUnsafeMutablePointer(to: &job) { pointer in
            attribench_pool_run(Int32(threads), Int32(chunks), { context, chunk in
                let job = context!.assumingMemoryBound(to: ParallelJob.self).pointee
                let start = job.n * Int(chunk) / job.chunks, end = job.n * (Int(chunk) + 1) / job.chunks
                for i in start..<end { job.body(i) }
            }, pointer)
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
