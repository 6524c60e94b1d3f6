import Foundation

// Layer normalisation over the last dimension, as llm.c's layernorm_forward / layernorm_backward.
// N rows (B·T), C channels.

/// out = (input − mean) · rstd · weight + bias, saving mean and rstd for the backward pass.
public func layerNormForward(out: UnsafeMutablePointer<Float>,    // (N,C)
                             mean: UnsafeMutablePointer<Float>?,  // (N)
                             rstd: UnsafeMutablePointer<Float>?,  // (N)
                             input: UnsafePointer<Float>,         // (N,C)
                             weight: UnsafePointer<Float>,        // (C)
                             bias: UnsafePointer<Float>,          // (C)
                             n: Int, c: Int, eps: Float) {
    let outAddress = UInt(bitPattern: out)
    let meanAddress = mean.map { UInt(bitPattern: $0) }, rstdAddress = rstd.map { UInt(bitPattern: $0) }
    parallelFor(n, workPerItem: c * 8) { row in
        let x = input + row * c
        let y = UnsafeMutablePointer<Float>(bitPattern: outAddress)! + row * c
        var sum: Float = 0
        for i in 0..<c { sum += x[i] }
        let m = sum / Float(c)
        var variance: Float = 0
        for i in 0..<c { let d = x[i] - m; variance += d * d }
        let s = 1 / (variance / Float(c) + eps).squareRoot()
        for i in 0..<c { y[i] = (x[i] - m) * s * weight[i] + bias[i] }
        if let meanAddress { UnsafeMutablePointer<Float>(bitPattern: meanAddress)![row] = m }
        if let rstdAddress { UnsafeMutablePointer<Float>(bitPattern: rstdAddress)![row] = s }
    }
}

/// Accumulates (+=) the gradients of `layerNormForward` into each non-nil d-buffer.
public func layerNormBackward(dInput: UnsafeMutablePointer<Float>?,   // (N,C)
                              dWeight: UnsafeMutablePointer<Float>?,  // (C)
                              dBias: UnsafeMutablePointer<Float>?,    // (C)
                              dOut: UnsafePointer<Float>,             // (N,C)
                              input: UnsafePointer<Float>,            // (N,C)
                              weight: UnsafePointer<Float>,           // (C)
                              mean: UnsafePointer<Float>,             // (N)
                              rstd: UnsafePointer<Float>,             // (N)
                              n: Int, c: Int) {
    if let dInput {
        let address = UInt(bitPattern: dInput)
        parallelFor(n, workPerItem: c * 8) { row in
            let x = input + row * c, dy = dOut + row * c
            let dx = UnsafeMutablePointer<Float>(bitPattern: address)! + row * c
            let m = mean[row], s = rstd[row]
            var meanDNorm: Float = 0, meanDNormXHat: Float = 0
            for i in 0..<c {
                let dNorm = weight[i] * dy[i]
                meanDNorm += dNorm
                meanDNormXHat += dNorm * (x[i] - m) * s
            }
            meanDNorm /= Float(c)
            meanDNormXHat /= Float(c)
            for i in 0..<c {
                let xHat = (x[i] - m) * s
                dx[i] += (weight[i] * dy[i] - meanDNorm - xHat * meanDNormXHat) * s
            }
        }
    }
    if dWeight != nil || dBias != nil {
        for row in 0..<n {
            let x = input + row * c, dy = dOut + row * c
            let m = mean[row], s = rstd[row]
            if let dBias { for i in 0..<c { dBias[i] += dy[i] } }
            if let dWeight { for i in 0..<c { dWeight[i] += (x[i] - m) * s * dy[i] } }
        }
    }
}
