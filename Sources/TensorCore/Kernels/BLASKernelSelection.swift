import CBLAS
import Foundation

// OpenBLAS's run-time kernel choice, corrected where its CPU table is older than the CPU.
//
// A DYNAMIC_ARCH OpenBLAS (Debian's 0.3.21, for one) picks its kernel set by CPU model number. On a
// CPU newer than its table it falls back to the generic `Prescott` (SSE3) kernels: measured on an Intel
// Xeon of model 207 (AVX-512, 2 cores), sgemm at 64×384·384×1536 ran at 33 GFLOP/s with `Prescott`
// and at 150–190 GFLOP/s with `SkylakeX`/`Cooperlake`, the kernels OpenBLAS itself uses for that
// instruction set. When the library chose a set weaker than the CPU's instructions support, this switches
// to the best supported one through the same mechanism as OpenBLAS's `OPENBLAS_CORETYPE`; a
// user who sets that variable is left alone.

/// The kernel set OpenBLAS runs, and whether AttriBench changed it.
public struct BLASKernelChoice: Sendable, Equatable, CustomStringConvertible {
    /// The set OpenBLAS picked on its own (e.g. "Prescott").
    public let detected: String
    /// The set in use (e.g. "Cooperlake").
    public let active: String

    /// "OpenBLAS Cooperlake kernels (detected Prescott)" or "OpenBLAS Haswell kernels".
    public var description: String {
        detected == active ? "OpenBLAS \(active) kernels" : "OpenBLAS \(active) kernels (detected \(detected))"
    }
}

enum BLASKernelSelection {
    /// Kernel sets that already use the CPU's widest FMA units: never replaced.
    static let capableSets: Set<String> = ["haswell", "zen", "skylakex", "cooperlake", "sapphirerapids"]

    /// The best OpenBLAS kernel set for the instruction-set `flags` (as /proc/cpuinfo spells them), if any
    /// is better than the generic ones.
    static func bestSet(forCPUFlags flags: Set<String>) -> String? {
        if flags.isSuperset(of: ["avx512f", "avx512vl", "avx512bw", "avx512dq", "avx512_bf16"]) { return "Cooperlake" }
        if flags.isSuperset(of: ["avx512f", "avx512vl", "avx512bw", "avx512dq"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// The replacement for `detected`, or nil to keep it.
    static func replacement(forDetected detected: String, cpuFlags: Set<String>, userChoice: String?) -> String? {
        guard userChoice == nil, !capableSets.contains(detected.lowercased()),
              let best = bestSet(forCPUFlags: cpuFlags), best.lowercased() != detected.lowercased() else { return nil }
        return best
    }

    /// Applied once, before the first BLAS call (`ComputeThreads` runs it while reading its thread count).
    static let applied: BLASKernelChoice = apply()

    private static func apply() -> BLASKernelChoice {
        let detected = currentSet()
        guard let target = replacement(forDetected: detected, cpuFlags: cpuFlags(),
                                       userChoice: ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]),
              let initialise = symbol("gotoblas_dynamic_init"), let release = symbol("gotoblas_dynamic_quit")
        else { return BLASKernelChoice(detected: detected, active: detected) }
        setenv("OPENBLAS_CORETYPE", target, 1)
        release()
        initialise()
        unsetenv("OPENBLAS_CORETYPE")
        return BLASKernelChoice(detected: detected, active: currentSet())
    }

    private typealias VoidFunction = @convention(c) () -> Void

    /// A function of the loaded OpenBLAS (present only in DYNAMIC_ARCH builds).
    private static func symbol(_ name: String) -> VoidFunction? {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(address, to: VoidFunction.self)
    }

    private static func currentSet() -> String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name).trimmingCharacters(in: .whitespaces)
    }

    /// The instruction-set flags of the first CPU in /proc/cpuinfo (empty where there is none).
    private static func cpuFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":") else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }
}
