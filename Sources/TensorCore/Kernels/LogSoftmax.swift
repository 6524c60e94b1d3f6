import Foundation

// Log-softmax and cross-entropy over the last dimension. R rows, V classes.

/// out[r] = logits[r] − logsumexp(logits[r]).
public func logSoftmaxForward(out: UnsafeMutablePointer<Float>,  // (R,V)
                              logits: UnsafePointer<Float>,      // (R,V)
                              rows: Int, cols: Int) {
    let address = UInt(bitPattern: out)
    parallelFor(rows, workPerItem: cols * 8) { r in
        let x = logits + r * cols
        let y = UnsafeMutablePointer<Float>(bitPattern: address)! + r * cols
        var maximum = -Float.infinity
        for j in 0..<cols { maximum = max(maximum, x[j]) }
        var sum: Float = 0
        for j in 0..<cols { sum += expf(x[j] - maximum) }
        let logNormalizer = maximum + logf(sum)
        for j in 0..<cols { y[j] = x[j] - logNormalizer }
    }
}

/// Accumulates dLogits += dOut − softmax · Σⱼ dOut (the backward pass of `logSoftmaxForward`).
public func logSoftmaxBackward(dLogits: UnsafeMutablePointer<Float>,  // (R,V)
                               dOut: UnsafePointer<Float>,            // (R,V)
                               logProbs: UnsafePointer<Float>,        // (R,V)
                               rows: Int, cols: Int) {
    for r in 0..<rows {
        let dy = dOut + r * cols, y = logProbs + r * cols, dx = dLogits + r * cols
        var total: Float = 0
        for j in 0..<cols { total += dy[j] }
        for j in 0..<cols { dx[j] += dy[j] - expf(y[j]) * total }
    }
}

/// losses[r] = −log softmax(logits[r])[targets[r]].
public func crossEntropyForward(losses: UnsafeMutablePointer<Float>,  // (R)
                                logits: UnsafePointer<Float>,         // (R,V)
                                targets: UnsafePointer<Int32>,        // (R)
                                rows: Int, cols: Int) {
    for r in 0..<rows {
        let x = logits + r * cols
        let target = Int(targets[r])
        precondition(target >= 0 && target < cols, "crossEntropyForward: target \(target) outside 0..<\(cols)")
        var maximum = -Float.infinity
        for j in 0..<cols { maximum = max(maximum, x[j]) }
        var sum: Float = 0
        for j in 0..<cols { sum += expf(x[j] - maximum) }
        losses[r] = maximum + logf(sum) - x[target]
    }
}

/// Accumulates dLogits += dLosses[r] · (softmax(logits[r]) − onehot(targets[r])).
public func crossEntropyBackward(dLogits: UnsafeMutablePointer<Float>,  // (R,V)
                                 dLosses: UnsafePointer<Float>,         // (R)
                                 logits: UnsafePointer<Float>,          // (R,V)
                                 targets: UnsafePointer<Int32>,         // (R)
                                 rows: Int, cols: Int) {
    for r in 0..<rows {
        let x = logits + r * cols, dx = dLogits + r * cols
        var maximum = -Float.infinity
        for j in 0..<cols { maximum = max(maximum, x[j]) }
        var sum: Float = 0
        for j in 0..<cols { sum += expf(x[j] - maximum) }
        let scale = dLosses[r] / sum
        for j in 0..<cols { dx[j] += expf(x[j] - maximum) * scale }
        dx[Int(targets[r])] -= dLosses[r]
    }
}
