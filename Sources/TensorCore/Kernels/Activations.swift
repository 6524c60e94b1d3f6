import Foundation

// Element-wise activations. Count = the number of elements.

/// GELU(x) = x · Φ(x) for 8 lanes.
@inline(__always)
func vectorGelu(_ x: SIMD8<Float>) -> SIMD8<Float> { x * vectorNormalCDF(x) }

/// GELU'(x) = Φ(x) + x · φ(x) for 8 lanes, one exp shared by Φ and φ.
@inline(__always)
func vectorGeluDerivative(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let gaussian = vectorExp(-0.5 * x * x)
    return vectorNormalCDF(x, gaussian: gaussian) + x * 0.39894228040143267794 * gaussian
}

/// GELU in the exact erf form BERT uses: x · Φ(x) = 0.5 · x · (1 + erf(x/√2)), vectorised.
public func geluForward(out: UnsafeMutablePointer<Float>, input: UnsafePointer<Float>, count: Int) {
    let output = UncheckedSendable(out)
    let block = 4096
    parallelFor((count + block - 1) / block, workPerItem: block * 8) { b in
        let start = b * block, n = min(count, start + block) - start
        forEachLaneGroup(count: n) { i, lanes in
            let x = load8(input + start + i, lanes: lanes)
            store8(vectorGelu(x), output.value + start + i, lanes: lanes)
        }
    }
}

/// Accumulates dInput += dOut · (Φ(x) + x · φ(x)), vectorised.
public func geluBackward(dInput: UnsafeMutablePointer<Float>, input: UnsafePointer<Float>,
                         dOut: UnsafePointer<Float>, count: Int) {
    let output = UncheckedSendable(dInput)
    let block = 4096
    parallelFor((count + block - 1) / block, workPerItem: block * 12) { b in
        let start = b * block, n = min(count, start + block) - start
        forEachLaneGroup(count: n) { i, lanes in
            let x = load8(input + start + i, lanes: lanes)
            let d = load8(output.value + start + i, lanes: lanes) + load8(dOut + start + i, lanes: lanes) * vectorGeluDerivative(x)
            store8(d, output.value + start + i, lanes: lanes)
        }
    }
}

/// SiLU (swish): x · σ(x).
public func siluForward(out: UnsafeMutablePointer<Float>, input: UnsafePointer<Float>, count: Int) {
    for i in 0..<count {
        let x = input[i]
        out[i] = x / (1 + expf(-x))
    }
}

/// Accumulates dInput += dOut · σ(x) · (1 + x · (1 − σ(x))).
public func siluBackward(dInput: UnsafeMutablePointer<Float>, input: UnsafePointer<Float>,
                         dOut: UnsafePointer<Float>, count: Int) {
    for i in 0..<count {
        let x = input[i]
        let s = 1 / (1 + expf(-x))
        dInput[i] += dOut[i] * s * (1 + x * (1 - s))
    }
}

/// SwiGLU gate of llama's MLP: out = silu(gate) · up.
public func swigluForward(out: UnsafeMutablePointer<Float>, gate: UnsafePointer<Float>,
                          up: UnsafePointer<Float>, count: Int) {
    for i in 0..<count {
        let g = gate[i]
        out[i] = g / (1 + expf(-g)) * up[i]
    }
}

/// Accumulates the gradients of `swigluForward` into dGate and dUp.
public func swigluBackward(dGate: UnsafeMutablePointer<Float>, dUp: UnsafeMutablePointer<Float>,
                           dOut: UnsafePointer<Float>, gate: UnsafePointer<Float>,
                           up: UnsafePointer<Float>, count: Int) {
    for i in 0..<count {
        let g = gate[i]
        let s = 1 / (1 + expf(-g))
        dUp[i] += dOut[i] * g * s
        dGate[i] += dOut[i] * up[i] * s * (1 + g * (1 - s))
    }
}
