// Inverted dropout as a mask of scales, drawn from a seed. N elements.

/// The number of elements that draw from one forked generator, so a mask does not depend on how
/// many threads fill it.
private let dropoutChunk = 4096

/// Fills `out` with 0 (with probability `probability`, to 1/65536) or 1/(1 − probability): multiply an
/// activation by it in the forward pass and its gradient by it in the backward pass. Chunk k of
/// 4,096 elements draws from `SeededRandom(seed:).fork(k)`, four 16-bit uniforms per draw, so the
/// mask is a pure function of (seed, count, probability).
public func dropoutMask(out: UnsafeMutablePointer<Float>,  // (N)
                        count: Int, probability: Float, seed: UInt64) {
    precondition(probability >= 0 && probability < 1, "dropoutMask: probability \(probability) outside [0, 1)")
    let threshold = UInt64((Double(probability) * 65536).rounded())
    let scale = Float(65536 / Double(65536 - threshold))
    let root = SeededRandom(seed: seed)
    let output = UncheckedSendable(out)
    parallelFor((count + dropoutChunk - 1) / dropoutChunk, workPerItem: dropoutChunk * 4) { chunk in
        var random = root.fork(UInt64(chunk))
        let start = chunk * dropoutChunk, end = min(count, start + dropoutChunk)
        var bits: UInt64 = 0
        for i in start..<end {
            if (i - start) % 4 == 0 { bits = random.next() }
            output.value[i] = (bits & 0xFFFF) < threshold ? 0 : scale
            bits >>= 16
        }
    }
}

/// out[i] = input[i] · mask[i] (forward) — and, with the gradient as input, the backward pass.
public func dropoutApply(out: UnsafeMutablePointer<Float>,    // (N)
                         input: UnsafePointer<Float>,         // (N)
                         mask: UnsafePointer<Float>,          // (N)
                         count: Int) {
    for i in 0..<count { out[i] = input[i] * mask[i] }
}
