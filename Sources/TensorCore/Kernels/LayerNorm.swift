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
        let m = vectorSum(x, count: c) / Float(c)
        var squares = SIMD8<Float>(repeating: 0)
        forEachLaneGroup(count: c) { i, lanes in
            let d = load8(x + i, lanes: lanes, fill: m) - m   // padding lanes contribute 0
            squares += d * d
        }
        let s = 1 / (squares.sum() / Float(c) + eps).squareRoot()
        forEachLaneGroup(count: c) { i, lanes in
            let normalized = (load8(x + i, lanes: lanes) - m) * s
            store8(normalized * load8(weight + i, lanes: lanes) + load8(bias + i, lanes: lanes), y + i, lanes: lanes)
        }
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
            var sumDNorm = SIMD8<Float>(repeating: 0), sumDNormXHat = SIMD8<Float>(repeating: 0)
            forEachLaneGroup(count: c) { i, lanes in   // padding lanes have dy = 0, so dNorm = 0
                let dNorm = load8(weight + i, lanes: lanes) * load8(dy + i, lanes: lanes)
                sumDNorm += dNorm
                sumDNormXHat += dNorm * (load8(x + i, lanes: lanes) - m) * s
            }
            let meanDNorm = sumDNorm.sum() / Float(c), meanDNormXHat = sumDNormXHat.sum() / Float(c)
            forEachLaneGroup(count: c) { i, lanes in
                let xHat = (load8(x + i, lanes: lanes) - m) * s
                let dNorm = load8(weight + i, lanes: lanes) * load8(dy + i, lanes: lanes)
                store8(load8(dx + i, lanes: lanes) + (dNorm - meanDNorm - xHat * meanDNormXHat) * s, dx + i, lanes: lanes)
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
