import Foundation

// The AdamW update (Loshchilov & Hutter 2019, as torch.optim.AdamW), in place. N parameters.

/// One AdamW step on `count` parameters: decoupled weight decay p ← p·(1 − lr·wd), then
/// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − lr · (m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε).
/// `gradientScale` multiplies g first (gradient clipping). `step` t counts from 1.
public func adamWStep(parameters: UnsafeMutablePointer<Float>,  // (N)
                      gradients: UnsafePointer<Float>,          // (N)
                      firstMoment: UnsafeMutablePointer<Float>, // (N)
                      secondMoment: UnsafeMutablePointer<Float>, // (N)
                      count: Int, learningRate: Float, beta1: Float, beta2: Float, epsilon: Float,
                      weightDecay: Float, step: Int, gradientScale: Float = 1) {
    precondition(step >= 1, "adamWStep: step counts from 1, got \(step)")
    let correction1 = 1 - Float(pow(Double(beta1), Double(step)))
    let correction2 = 1 - Float(pow(Double(beta2), Double(step)))
    let decay = 1 - learningRate * weightDecay
    let stepSize = learningRate / correction1
    let rootCorrection2 = correction2.squareRoot()
    let pointers = UncheckedSendable((parameters, firstMoment, secondMoment))
    let block = 16_384
    parallelFor((count + block - 1) / block, workPerItem: block * 12) { chunk in
        let (p, m, v) = pointers.value
        for i in (chunk * block)..<min(count, (chunk + 1) * block) {
            let g = gradients[i] * gradientScale
            m[i] = beta1 * m[i] + (1 - beta1) * g
            v[i] = beta2 * v[i] + (1 - beta2) * g * g
            p[i] = p[i] * decay - stepSize * m[i] / (v[i].squareRoot() / rootCorrection2 + epsilon)
        }
    }
}

/// Σ x², accumulated in Double (for the global gradient norm).
public func sumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Double {
    var total = 0.0
    var i = 0
    while i < count {
        let end = min(count, i + 4096)
        var partial: Float = 0
        for j in i..<end { partial += x[j] * x[j] }
        total += Double(partial)
        i = end
    }
    return total
}
