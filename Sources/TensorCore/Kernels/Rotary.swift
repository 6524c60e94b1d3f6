import Foundation

// Rotary position embedding. N tokens, H heads, D head dimension (even).
// Layouts:
//  - `.adjacentPairs` (llama.cpp's LLAMA_ROPE_TYPE_NORM, the GGUF llama layout): rotates (x[2i], x[2i+1]);
//    convert_hf_to_gguf permutes the Q/K weights so that this equals HF's rotate_half on HF weights.
//  - `.halves` (HF's rotate_half, NEOX): rotates (x[i], x[i + D/2]).
// θᵢ = pos · base^(−2i/D), i in 0..<D/2.

/// How the rotated pairs are laid out in a head.
public enum RotaryLayout: Sendable {
    /// Pairs (2i, 2i+1) — GGUF/llama.cpp llama.
    case adjacentPairs
    /// Pairs (i, i+D/2) — HF transformers' rotate_half.
    case halves
}

/// Rotates each head of x in place by its token's position.
public func ropeForward(x: UnsafeMutablePointer<Float>,  // (N,H,D)
                        positions: UnsafePointer<Int32>, // (N)
                        n: Int, heads: Int, headDim: Int, base: Float,
                        layout: RotaryLayout = .adjacentPairs) {
    ropeRotate(x, positions: positions, n: n, heads: heads, headDim: headDim, base: base, layout: layout, sign: 1)
}

/// The backward pass: rotates the gradient in place by the inverse rotation.
public func ropeBackward(dX: UnsafeMutablePointer<Float>,   // (N,H,D)
                         positions: UnsafePointer<Int32>,   // (N)
                         n: Int, heads: Int, headDim: Int, base: Float,
                         layout: RotaryLayout = .adjacentPairs) {
    ropeRotate(dX, positions: positions, n: n, heads: heads, headDim: headDim, base: base, layout: layout, sign: -1)
}

private func ropeRotate(_ x: UnsafeMutablePointer<Float>, positions: UnsafePointer<Int32>, n: Int, heads: Int,
                        headDim: Int, base: Float, layout: RotaryLayout, sign: Float) {
    precondition(headDim % 2 == 0, "rope: head dimension \(headDim) must be even")
    let half = headDim / 2
    var inverseFrequencies = [Float](repeating: 0, count: half)
    for i in 0..<half { inverseFrequencies[i] = powf(base, -2 * Float(i) / Float(headDim)) }
    var cosines = [Float](repeating: 0, count: half), sines = [Float](repeating: 0, count: half)
    for t in 0..<n {
        let position = Float(positions[t])
        for i in 0..<half {
            let angle = position * inverseFrequencies[i]
            cosines[i] = cosf(angle)
            sines[i] = sign * sinf(angle)
        }
        for h in 0..<heads {
            let v = x + (t * heads + h) * headDim
            for i in 0..<half {
                let (a, b) = layout == .adjacentPairs ? (2 * i, 2 * i + 1) : (i, i + half)
                let x0 = v[a], x1 = v[b]
                v[a] = x0 * cosines[i] - x1 * sines[i]
                v[b] = x0 * sines[i] + x1 * cosines[i]
            }
        }
    }
}
