#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Memory for a model's packed weights, in one mapping backed by 2 MB pages where Linux grants them.
//
// At batch 1 a MiniLM pass streams 42 MB of packed weights, more than the 32 MB L3, so every pass reads
// them from memory; on 4 KB pages the hardware prefetchers stop at every page boundary and each page
// costs a TLB miss. On 2 MB pages (transparent huge pages, asked for with madvise) the packed kernel
// streamed 42 MB of weights at 171–198 against 158–179 GFLOP/s (2 threads, 64 rows, three paired runs).

/// A bump allocator over one anonymous mapping; freed as a whole when the last matrix in it goes.
public final class PackedArena: @unchecked Sendable {
    private static let hugePage = 2 << 20
    private let mapping: UnsafeMutableRawPointer?
    private let mappingBytes: Int
    private let base: UnsafeMutableRawPointer
    private let capacity: Int
    private var used = 0
    private let lock = LockedValue(())

    /// Room for `matrices` matrices of `floats` floats in all, each 64-byte aligned.
    public init(floats: Int, matrices: Int) {
        capacity = floats * MemoryLayout<Float>.stride + matrices * 64
        #if os(Linux)
        // Over-map by one huge page so the start can be aligned to one.
        let bytes = capacity + Self.hugePage
        let address = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        if let address, address != MAP_FAILED {
            mapping = address
            mappingBytes = bytes
            let aligned = (Int(bitPattern: address) + Self.hugePage - 1) / Self.hugePage * Self.hugePage
            base = UnsafeMutableRawPointer(bitPattern: aligned)!
            _ = madvise(base, capacity, 14)   // MADV_HUGEPAGE; an error leaves 4 KB pages, which still work
            return
        }
        #endif
        mapping = nil
        mappingBytes = 0
        base = UnsafeMutableRawPointer.allocate(byteCount: max(capacity, 1), alignment: 64)
    }

    deinit {
        #if os(Linux)
        if let mapping {
            munmap(mapping, mappingBytes)
            return
        }
        #endif
        base.deallocate()
    }

    /// 64-byte aligned room for `count` floats.
    func allocate(count: Int) -> UnsafeMutablePointer<Float> {
        lock.withLock { _ in
            let offset = (used + 63) / 64 * 64
            precondition(offset + count * MemoryLayout<Float>.stride <= capacity, "packed arena of \(capacity) bytes is full")
            used = offset + count * MemoryLayout<Float>.stride
            return (base + offset).bindMemory(to: Float.self, capacity: count)
        }
    }
}
