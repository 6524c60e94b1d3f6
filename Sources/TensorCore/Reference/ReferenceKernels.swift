import RealModule

/// Naive reference kernels: plain loops over arrays, generic over the scalar so that the same code runs
/// in Float (to compare with the fast kernels) and in Double (for finite-difference checks of the fast
/// backward kernels). Clarity over speed; each mirrors the fast kernel of the same name.
public enum ReferenceKernels {
    /// out (N,OC) = input (N,C) · weight (OC,C)ᵀ + bias (OC).
    public static func matmul<T: Real>(_ input: [T], _ weight: [T], _ bias: [T]?, n: Int, c: Int, oc: Int) -> [T] {
        var out = [T](repeating: 0, count: n * oc)
        for row in 0..<n {
            for o in 0..<oc {
                var sum: T = bias?[o] ?? 0
                for i in 0..<c { sum += input[row * c + i] * weight[o * c + i] }
                out[row * oc + o] = sum
            }
        }
        return out
    }

    /// Row softmax of scores (R,N) + mask (R/rowsPerMask, N); all −∞ rows give zeros.
    public static func softmax<T: Real>(_ scores: [T], mask: [T]?, rowsPerMask: Int = 1, rows: Int, cols: Int) -> [T] {
        var out = [T](repeating: 0, count: rows * cols)
        for r in 0..<rows {
            let row = (0..<cols).map { j in scores[r * cols + j] + (mask?[(r / rowsPerMask) * cols + j] ?? 0) }
            let maximum = row.max()!
            guard maximum > -T.infinity else { continue }
            let exps = row.map { T.exp($0 - maximum) }
            let sum = exps.reduce(0, +)
            for j in 0..<cols { out[r * cols + j] = exps[j] / sum }
        }
        return out
    }

    /// Layer norm over C channels of (N,C).
    public static func layerNorm<T: Real>(_ input: [T], weight: [T], bias: [T], n: Int, c: Int, eps: T) -> [T] {
        var out = [T](repeating: 0, count: n * c)
        for row in 0..<n {
            let x = Array(input[(row * c)..<((row + 1) * c)])
            let mean = x.reduce(0, +) / T(c)
            let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / T(c)
            let rstd = 1 / T.sqrt(variance + eps)
            for i in 0..<c { out[row * c + i] = (x[i] - mean) * rstd * weight[i] + bias[i] }
        }
        return out
    }

    /// RMS norm over C channels of (N,C).
    public static func rmsNorm<T: Real>(_ input: [T], weight: [T], n: Int, c: Int, eps: T) -> [T] {
        var out = [T](repeating: 0, count: n * c)
        for row in 0..<n {
            let x = Array(input[(row * c)..<((row + 1) * c)])
            let rstd = 1 / T.sqrt(x.map { $0 * $0 }.reduce(0, +) / T(c) + eps)
            for i in 0..<c { out[row * c + i] = x[i] * rstd * weight[i] }
        }
        return out
    }

    /// Exact GELU.
    public static func gelu<T: Real>(_ x: [T]) -> [T] {
        x.map { $0 * (1 + T.erf($0 / T.sqrt(2))) / 2 }
    }

    /// SiLU.
    public static func silu<T: Real>(_ x: [T]) -> [T] {
        x.map { $0 / (1 + T.exp(-$0)) }
    }

    /// silu(gate) · up.
    public static func swiglu<T: Real>(gate: [T], up: [T]) -> [T] {
        zip(silu(gate), up).map { $0 * $1 }
    }

    /// Rows of `table` (V,C) at `ids`.
    public static func embedding<T: Real>(ids: [Int32], table: [T], c: Int) -> [T] {
        ids.flatMap { table[(Int($0) * c)..<((Int($0) + 1) * c)] }
    }

    /// Rotary embedding of x (N,H,D) by positions, in the given layout.
    public static func rope<T: Real>(_ x: [T], positions: [Int32], heads: Int, headDim: Int, base: T,
                                     layout: RotaryLayout) -> [T] {
        var out = x
        let half = headDim / 2
        for t in positions.indices {
            for h in 0..<heads {
                let offset = (t * heads + h) * headDim
                for i in 0..<half {
                    let angle = T(Int(positions[t])) * T.pow(base, -2 * T(i) / T(headDim))
                    let (a, b) = layout == .adjacentPairs ? (2 * i, 2 * i + 1) : (i, i + half)
                    let x0 = x[offset + a], x1 = x[offset + b]
                    out[offset + a] = x0 * T.cos(angle) - x1 * T.sin(angle)
                    out[offset + b] = x0 * T.sin(angle) + x1 * T.cos(angle)
                }
            }
        }
        return out
    }

    /// Log-softmax over rows of (R,V).
    public static func logSoftmax<T: Real>(_ logits: [T], rows: Int, cols: Int) -> [T] {
        var out = [T](repeating: 0, count: rows * cols)
        for r in 0..<rows {
            let x = Array(logits[(r * cols)..<((r + 1) * cols)])
            let maximum = x.max()!
            let logSum = maximum + T.log(x.map { T.exp($0 - maximum) }.reduce(0, +))
            for j in 0..<cols { out[r * cols + j] = x[j] - logSum }
        }
        return out
    }

    /// Cross-entropy per row of (R,V) against integer targets.
    public static func crossEntropy<T: Real>(_ logits: [T], targets: [Int32], rows: Int, cols: Int) -> [T] {
        let logProbs = logSoftmax(logits, rows: rows, cols: cols)
        return (0..<rows).map { -logProbs[$0 * cols + Int(targets[$0])] }
    }
}
