import Dispatch
import Foundation
import Testing
@testable import TensorCore

/// `parallelFor` on the spinning worker pool: every index exactly once, in chunks run side by side,
/// nested regions run inline, and threads that submit at the same time all finish with the right sums.
@Suite(.serialized) struct WorkerPoolTests {
    @Test func partsRunOnMoreThanOneThreadAndNestedRegionsRunInline() {
        let previous = ComputeThreads.count
        ComputeThreads.configure(count: 2)
        defer { ComputeThreads.configure(count: previous) }
        let seen = LockedValue<(threads: Set<UInt>, nestedOutside: Int, visits: [Int])>(
            ([], 0, [Int](repeating: 0, count: 64)))
        // Other suites running meanwhile may hold the pool (their regions then run inline), so go on
        // until both threads have taken parts, or 2,000 regions.
        var regions = 0
        while regions < 2_000, seen.withLock({ $0.threads.count }) < 2 || regions < 50 {
            regions += 1
            parallelFor(64, workPerItem: 1_000_000) { i in
                #expect(ComputeThreads.isInsideParallelRegion)
                parallelFor(4, workPerItem: 1_000_000) { _ in
                    if !ComputeThreads.isInsideParallelRegion { seen.withLock { $0.nestedOutside += 1 } }
                }
                let thread = UInt(pthread_self())   // pthread_t is an integer on Linux
                seen.withLock { $0.threads.insert(thread); $0.visits[i] += 1 }
                // Long enough that the second thread claims its part before the caller takes both.
                var x = 0.0
                for k in 0..<2_000 { x += Double(k).squareRoot() }
                #expect(x > 0)
            }
        }
        #expect(!ComputeThreads.isInsideParallelRegion)
        let result = seen.withLock { $0 }
        #expect(result.visits.allSatisfy { $0 == regions }, "every index once per region")
        #expect(result.nestedOutside == 0)
        #expect(result.threads.count == 2, "both threads took parts (\(result.threads.count))")
    }

    @Test func threadsSubmittingAtOnceAllGetTheirWholeResult() {
        let previous = ComputeThreads.count
        ComputeThreads.configure(count: 2)
        defer { ComputeThreads.configure(count: previous) }
        let sums = LockedValue([Int](repeating: 0, count: 8))
        DispatchQueue.concurrentPerform(iterations: 8) { submitter in
            for round in 0..<300 {
                let partial = LockedValue(0)
                parallelFor(100, workPerItem: 1_000_000) { i in partial.withLock { $0 += i + round } }
                let total = partial.withLock { $0 }
                sums.withLock { $0[submitter] += total }
            }
        }
        // Σ over rounds of (Σ_{i<100} i + 100·round) = 300·4950 + 100·Σ round.
        let expected = 300 * 4950 + 100 * (0..<300).reduce(0, +)
        #expect(sums.withLock { $0 } == [Int](repeating: expected, count: 8))
    }
}
