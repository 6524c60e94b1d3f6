import Foundation

// Root-mean-square normalisation (llama): out = input · rstd · weight, rstd = 1/√(mean(input²) + eps).
// N rows, C channels.

/// Forward pass, saving rstd for the backward pass.
public func rmsNormForward(out: UnsafeMutablePointer<Float>,    // (N,C)
                           rstd: UnsafeMutablePointer<Float>?,  // (N)
                           input: UnsafePointer<Float>,         // (N,C)
                           weight: UnsafePointer<Float>,        // (C)
                           n: Int, c: Int, eps: Float) {
    let outAddress = UInt(bitPattern: out), rstdAddress = rstd.map { UInt(bitPattern: $0) }
    parallelFor(n, workPerItem: c * 4) { row in
        let x = input + row * c
        let y = UnsafeMutablePointer<Float>(bitPattern: outAddress)! + row * c
        var sumSquares: Float = 0
        for i in 0..<c { sumSquares += x[i] * x[i] }
        let s = 1 / (sumSquares / Float(c) + eps).squareRoot()
        for i in 0..<c { y[i] = x[i] * s * weight[i] }
        if let rstdAddress { UnsafeMutablePointer<Float>(bitPattern: rstdAddress)![row] = s }
    }
}

/// Accumulates (+=) the gradients of `rmsNormForward` into each non-nil d-buffer.
public func rmsNormBackward(dInput: UnsafeMutablePointer<Float>?,   // (N,C)
                            dWeight: UnsafeMutablePointer<Float>?,  // (C)
                            dOut: UnsafePointer<Float>,             // (N,C)
                            input: UnsafePointer<Float>,            // (N,C)
                            weight: UnsafePointer<Float>,           // (C)
                            rstd: UnsafePointer<Float>,             // (N)
                            n: Int, c: Int) {
    for row in 0..<n {
        let x = input + row * c, dy = dOut + row * c
        let s = rstd[row]
        if let dInput {
            let dx = dInput + row * c
            var dot: Float = 0
            for i in 0..<c { dot += dy[i] * weight[i] * x[i] }
            let k = dot * s * s * s / Float(c)
            for i in 0..<c { dx[i] += dy[i] * weight[i] * s - x[i] * k }
        }
        if let dWeight { for i in 0..<c { dWeight[i] += dy[i] * x[i] * s } }
    }
}
