import CPackedGemm

// A right-hand GEMM operand packed once into column panels (CPackedGemm), for products with few rows:
// at batch 1 OpenBLAS spends more time re-packing a layer's weight on every call than multiplying
// (48% against 32% of a MiniLM forward pass at 16 tokens), and this kernel skips that copy.

/// A K × N matrix packed for `packedGemm`; immutable once made.
public final class PackedMatrix: @unchecked Sendable {
    /// Rows (the product's inner dimension) and columns.
    public let k: Int, n: Int
    let storage: UnsafeMutablePointer<Float>
    /// The arena holding `storage`, or nil when the matrix owns it.
    private let arena: PackedArena?

    /// Whether this CPU runs the packed kernel (x86-64 with AVX2 and FMA); elsewhere products use BLAS.
    public static let isAvailable = attribench_packed_gemm_available() != 0

    /// Products with at most this many rows run faster packed than through BLAS (MiniLM's projections
    /// on 2 threads: 1.9× at 16 rows, 1.3× at 64, 1.04× at 256; beyond that BLAS's blocking of the
    /// left operand wins).
    public static let rowLimit = 256

    /// Packs B (K × N, row-major), or, when `transposed`, B given as its transpose (N × K row-major,
    /// e.g. a linear weight (OC, C) for the product input · weightᵀ), into `arena` when given.
    public init(_ b: UnsafePointer<Float>, k: Int, n: Int, transposed: Bool, arena: PackedArena? = nil) {
        precondition(k > 0 && n > 0 && k <= Int(Int32.max) && n <= Int(Int32.max), "packed matrix of \(k) × \(n)")
        self.k = k
        self.n = n
        self.arena = arena
        let count = Self.floatCount(k: k, n: n)
        storage = arena?.allocate(count: count)
            ?? UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
                .bindMemory(to: Float.self, capacity: count)
        attribench_pack(b, Int32(k), Int32(n), Int32(transposed ? k : n), transposed ? 1 : 0, storage)
    }

    deinit { if arena == nil { UnsafeMutableRawPointer(storage).deallocate() } }

    /// The floats a packed K × N matrix takes (its columns padded to whole panels).
    public static func floatCount(k: Int, n: Int) -> Int { attribench_packed_count(Int32(k), Int32(n)) }

    var panelCount: Int { (n + Int(ATTRIBENCH_PACKED_PANEL_WIDTH) - 1) / Int(ATTRIBENCH_PACKED_PANEL_WIDTH) }
}

/// C (M × N) = A (M × K) · B, or C += A · B when `accumulate`, for B packed; row-major A and C; then
/// `bias` (N) and the epilogue are applied to each output as the kernel stores it.
/// Panels of B are split into parts across `ComputeThreads` so each thread streams its own share of the weight.
/// Needs `PackedMatrix.isAvailable`.
public func packedGemm(m: Int, a: UnsafePointer<Float>, lda: Int, b: PackedMatrix, accumulate: Bool,
                       bias: UnsafePointer<Float>? = nil, epilogue: LinearEpilogue = .none,
                       c: UnsafeMutablePointer<Float>, ldc: Int) {
    precondition(PackedMatrix.isAvailable, "packedGemm needs AVX2 and FMA; check PackedMatrix.isAvailable")
    guard m > 0 else { return }
    let panels = b.panelCount
    let parts = ComputeThreads.isInsideParallelRegion ? 1 : min(ComputeThreads.count * chunksPerThread, panels)
    let stage = epilogue.cStage(bias: bias, stride: ldc)
    withUnsafePointer(to: stage) { stage in
        let pointers = UncheckedSendable((a, c, stage))
        parallelFor(parts, workPerItem: 2 * m * b.k * b.n / parts) { part in
            let (a, c, stage) = pointers.value
            let first = panels * part / parts, end = panels * (part + 1) / parts
            attribench_packed_gemm(Int32(m), Int32(b.n), Int32(b.k), a, Int32(lda), b.storage,
                                   Int32(first), Int32(end), c, Int32(ldc), accumulate ? 1 : 0, stage)
        }
    }
}
