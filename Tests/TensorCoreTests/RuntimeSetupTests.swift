import Foundation
import Testing
@testable import TensorCore

@Suite("OpenBLAS kernel selection")
struct BLASKernelSelectionTests {
    @Test("a generic set on an AVX-512 CPU is replaced by the AVX-512 set OpenBLAS has for it")
    func genericSetIsReplaced() {
        let skylake: Set = ["avx2", "fma", "avx512f", "avx512vl", "avx512bw", "avx512dq"]
        #expect(BLASKernelSelection.replacement(forDetected: "Prescott", cpuFlags: skylake, userChoice: nil) == "SkylakeX")
        #expect(BLASKernelSelection.replacement(forDetected: "Nehalem", cpuFlags: skylake.union(["avx512_bf16"]),
                                                userChoice: nil) == "Cooperlake")
        #expect(BLASKernelSelection.replacement(forDetected: "Sandybridge", cpuFlags: ["avx", "avx2", "fma"],
                                                userChoice: nil) == "Haswell")
    }

    @Test("a capable set, a user's OPENBLAS_CORETYPE and a CPU without AVX2 are left alone")
    func otherChoicesAreKept() {
        let avx2: Set = ["avx2", "fma"]
        #expect(BLASKernelSelection.replacement(forDetected: "Zen", cpuFlags: avx2, userChoice: nil) == nil)
        #expect(BLASKernelSelection.replacement(forDetected: "Haswell", cpuFlags: avx2, userChoice: nil) == nil)
        #expect(BLASKernelSelection.replacement(forDetected: "Prescott", cpuFlags: avx2, userChoice: "Prescott") == nil)
        #expect(BLASKernelSelection.replacement(forDetected: "Prescott", cpuFlags: ["sse3", "avx"], userChoice: nil) == nil)
    }

    @Test("on this machine the active set uses the CPU's FMA units whenever the CPU has them")
    func activeSetMatchesThisCPU() throws {
        let flags = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix("flags") }
            .map { Set($0.split(separator: " ").map(String.init)) } ?? []
        let choice = ComputeThreads.blasKernels
        if ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
           BLASKernelSelection.bestSet(forCPUFlags: flags) != nil {
            #expect(BLASKernelSelection.capableSets.contains(choice.active.lowercased()), "\(choice)")
        } else {
            #expect(choice.active == choice.detected, "\(choice)")
        }
    }
}

@Suite("allocator tuning")
struct AllocatorTuningTests {
    /// Whether a sanitizer's allocator (ASan, TSan, LSan) serves malloc in this process: its `mallopt`
    /// takes no setting, so there is no glibc tuning to check (`scripts/sanitize.sh`).
    static let sanitizerAllocator = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__sanitizer_get_allocated_size") != nil

    @Test("glibc takes the raised mmap and trim thresholds before the first kernel runs",
          .disabled(if: sanitizerAllocator, "a sanitizer's allocator replaces glibc's malloc and ignores mallopt"))
    func thresholdsAreRaised() {
        _ = ComputeThreads.count
        #expect(AllocatorTuning.applied)
    }
}
