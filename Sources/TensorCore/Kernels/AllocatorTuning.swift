import Foundation

// glibc serves every allocation above its mmap threshold (128 KiB at first, raised only as such blocks
// are freed) with a fresh mmap, and returns freed heap tops to the kernel above 128 KiB: a forward pass
// that allocates its activations anew each call then pays a page fault per 4 KiB of every buffer
// (measured: 15% of an encoder forward at batch 32 × 64 tokens went to page faults and zeroing).
// Raising both thresholds to glibc's maximum lets freed activation buffers be reused in place.

enum AllocatorTuning {
    /// glibc's upper bound for M_MMAP_THRESHOLD on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX).
    static let largestThreshold: Int32 = 32 << 20

    /// `mallopt`'s parameter numbers in glibc's <malloc.h> (which Swift's Glibc module does not import).
    static let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3

    /// Applied once, with the thread count (`ComputeThreads`); true when glibc took both settings.
    static let applied: Bool = {
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(address, to: MallOpt.self)
        return mallopt(mmapThreshold, largestThreshold) == 1 && mallopt(trimThreshold, 4 * largestThreshold) == 1
    }()
}
