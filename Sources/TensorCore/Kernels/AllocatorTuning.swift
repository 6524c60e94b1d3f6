import Foundation

// glibc serves every allocation above its mmap threshold (at most 32 MiB) with a fresh mmap, and gives
// freed heap tops back to the kernel above 128 KiB. A forward or training step that allocates its
// activations anew then pays a page fault and a page clear per 4 KiB of every buffer, each call: measured
// on this project's fine-tune at 256 tokens (attention buffers of 100 MB a layer), most of the time
// went to the kernel's clear_page. With mmap off and trimming off (-1, as mallopt(3) documents), freed activation buffers
// stay in the heap and the next step reuses them in place; the cost is that a process keeps its peak
// heap until it exits, which suits a benchmark run.

enum AllocatorTuning {
    /// `mallopt`'s parameter numbers in glibc's <malloc.h> (which Swift's Glibc module does not import).
    static let trimThreshold: Int32 = -1, mmapMaximum: Int32 = -4

    /// Applied once, with the thread count (`ComputeThreads`); true when glibc took both settings.
    /// `MALLOC_MMAP_MAX_` / `MALLOC_TRIM_THRESHOLD_` in the environment keep glibc's own handling.
    static let applied: Bool = {
        let environment = ProcessInfo.processInfo.environment
        guard environment["MALLOC_MMAP_MAX_"] == nil, environment["MALLOC_TRIM_THRESHOLD_"] == nil else { return false }
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(address, to: MallOpt.self)
        return mallopt(mmapMaximum, 0) == 1 && mallopt(trimThreshold, -1) == 1
    }()
}
