// What a linear layer does to its output after the product: bias, residual, GELU or GELU's derivative.
// The packed kernel applies it as it stores each block (CPackedGemm's Epilogue.h); on the BLAS path
// `applyLinearEpilogue` does the same in one parallel pass over the rows (the same C code where the
// CPU runs it, else Swift SIMD).

import CPackedGemm

/// What a linear layer does to its output after the product and bias, fused into the packed kernel's
/// stores (and done as a pass of its own on the BLAS path).
public enum LinearEpilogue {
    /// Nothing.
    case none
    /// Adds a residual of the output's shape (N, OC), e.g. a post-LN transformer's skip connection.
    case residual(UnsafePointer<Float>)
    /// Applies GELU (BERT's erf form), writing the sum before it to `preActivation` (N, OC) when given.
    case gelu(preActivation: UnsafeMutablePointer<Float>?)
    /// Multiplies by GELU'(x) at x = `input` (N, OC): the backward pass through a GELU whose output
    /// gradient the product computes.
    case geluDerivative(input: UnsafePointer<Float>)
}

extension LinearEpilogue {
    /// The C kernels' description of this epilogue plus `bias`, for outputs of row stride `stride`.
    func cStage(bias: UnsafePointer<Float>?, stride: Int) -> attribench_epilogue {
        var stage = attribench_epilogue(bias: bias, residual: nil, residualStride: stride, preActivation: nil,
                                        preActivationStride: stride, gelu: 0, geluInput: nil, geluInputStride: stride)
        switch self {
        case .none: break
        case .residual(let residual): stage.residual = residual
        case .gelu(let preActivation):
            stage.gelu = 1
            stage.preActivation = preActivation
        case .geluDerivative(let input): stage.geluInput = input
        }
        return stage
    }
}

/// out = epilogue(out + bias) for an (N, OC) output, rows side by side: the BLAS path's counterpart of
/// the packed kernel's fused stores (one pass, in place of a serial bias copy before the product and
/// passes of their own for the residual and the activation). `inC` picks the C code (AVX2) over the
/// Swift SIMD fallback that other CPUs run.
func applyLinearEpilogue(_ out: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?, epilogue: LinearEpilogue,
                         n: Int, oc: Int, inC: Bool = PackedMatrix.isAvailable) {
    if bias == nil, case .none = epilogue { return }
    let output = UncheckedSendable(out)
    if inC {
        let rowsPerItem = max(1, 4096 / oc)
        withUnsafePointer(to: epilogue.cStage(bias: bias, stride: oc)) { stage in
            let stage = UncheckedSendable(stage)
            parallelFor((n + rowsPerItem - 1) / rowsPerItem, workPerItem: rowsPerItem * oc * 16) { item in
                attribench_apply_epilogue(Int32(item * rowsPerItem), Int32(min(n, (item + 1) * rowsPerItem)), Int32(oc),
                                          output.value, Int32(oc), stage.value)
            }
        }
        return
    }
    parallelFor(n, workPerItem: oc * 16) { row in
        let o = output.value + row * oc
        forEachLaneGroup(count: oc) { j, lanes in
            var v = load8(o + j, lanes: lanes)
            if let bias { v += load8(bias + j, lanes: lanes) }
            switch epilogue {
            case .none: break
            case .residual(let residual): v += load8(residual + row * oc + j, lanes: lanes)
            case .gelu(let preActivation):
                if let preActivation { store8(v, preActivation + row * oc + j, lanes: lanes) }
                v = vectorGelu(v)
            case .geluDerivative(let input): v *= vectorGeluDerivative(load8(input + row * oc + j, lanes: lanes))
            }
            store8(v, o + j, lanes: lanes)
        }
    }
}
