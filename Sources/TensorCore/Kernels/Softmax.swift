import Foundation

// Row softmax with an optional additive mask, as attention uses it.
// R rows (e.g. B·H·T query rows), N columns (keys).

/// probs[r] = softmax(scores[r] + mask[r / rowsPerMask]); a row whose every entry is −∞ gives zeros.
public func softmaxForward(probs: UnsafeMutablePointer<Float>,   // (R,N)
                           scores: UnsafePointer<Float>,         // (R,N)
                           additiveMask: UnsafePointer<Float>?,  // (R/rowsPerMask, N)
                           rowsPerMask: Int = 1,
                           rows: Int, cols: Int) {
    precondition(rowsPerMask > 0, "softmaxForward: rowsPerMask must be positive")
    let probsAddress = UInt(bitPattern: probs)
    parallelFor(rows, workPerItem: cols * 8) { r in
        let out = UnsafeMutablePointer<Float>(bitPattern: probsAddress)! + r * cols
        let x = scores + r * cols
        let mask = additiveMask.map { $0 + (r / rowsPerMask) * cols }
        softmaxRow(out: out, x: x, mask: mask, cols: cols)
    }
}

/// Softmax of each row of p (R,N) in place, one additive mask row (N) shared by all rows, on the
/// calling thread (for callers that already run one (batch, head) per thread).
@inlinable
public func softmaxRowsInPlace(_ p: UnsafeMutablePointer<Float>,   // (R,N)
                               mask: UnsafePointer<Float>?,        // (N)
                               rows: Int, cols: Int) {
    for r in 0..<rows {
        let row = p + r * cols
        softmaxRow(out: row, x: row, mask: mask, cols: cols)
    }
}

/// Softmax of one row; `out` may alias `x`.
@usableFromInline @inline(__always)
func softmaxRow(out: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, mask: UnsafePointer<Float>?, cols: Int) {
    if let mask {
        forEachLaneGroup(count: cols) { i, lanes in
            store8(load8(x + i, lanes: lanes) + load8(mask + i, lanes: lanes), out + i, lanes: lanes)
        }
    } else if UnsafePointer(out) != x {
        out.update(from: x, count: cols)
    }
    let maximum = vectorMax(out, count: cols)
    guard maximum > -Float.infinity else {
        out.update(repeating: 0, count: cols)
        return
    }
    var sum = SIMD8<Float>(repeating: 0)
    forEachLaneGroup(count: cols) { i, lanes in
        let e = vectorExp(load8(out + i, lanes: lanes) - maximum)
        let kept = lanes == 8 ? e : e.replacing(with: 0, where: SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) .>= Int32(lanes))
        sum += kept
        store8(kept, out + i, lanes: lanes)
    }
    let scale = 1 / sum.sum()
    forEachLaneGroup(count: cols) { i, lanes in store8(load8(out + i, lanes: lanes) * scale, out + i, lanes: lanes) }
}

/// dScores = probs ⊙ (dProbs − Σⱼ dProbs·probs), row by row (overwrites dScores).
public func softmaxBackward(dScores: UnsafeMutablePointer<Float>,  // (R,N)
                            dProbs: UnsafePointer<Float>,          // (R,N)
                            probs: UnsafePointer<Float>,           // (R,N)
                            rows: Int, cols: Int) {
    let address = UInt(bitPattern: dScores)
    parallelFor(rows, workPerItem: cols * 4) { r in
        let dx = UnsafeMutablePointer<Float>(bitPattern: address)! + r * cols
        let dy = dProbs + r * cols, y = probs + r * cols
        var products = SIMD8<Float>(repeating: 0)
        forEachLaneGroup(count: cols) { j, lanes in products += load8(dy + j, lanes: lanes) * load8(y + j, lanes: lanes) }
        let dot = products.sum()
        forEachLaneGroup(count: cols) { j, lanes in
            store8(load8(y + j, lanes: lanes) * (load8(dy + j, lanes: lanes) - dot), dx + j, lanes: lanes)
        }
    }
}
