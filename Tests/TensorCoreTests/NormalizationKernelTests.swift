import NumericTestKit
import Testing
@testable import TensorCore

@Suite struct NormalizationKernelTests {
    @Test(arguments: rowColumnShapes)
    func layerNormForwardMatchesNaive(n: Int, c: Int) {
        var data = TestData(seed: UInt64(n * 31 + c))
        let x = data.values(n * c, scale: 3), w = data.values(c), b = data.values(c)
        var mean = [Float](repeating: 0, count: n), rstd = [Float](repeating: 0, count: n)
        let fast = output(n * c) { out in
            layerNormForward(out: out, mean: &mean, rstd: &rstd, input: x.floats, weight: w.floats,
                             bias: b.floats, n: n, c: c, eps: 1e-12)
        }
        assertClose(fast, ReferenceKernels.layerNorm(x, weight: w, bias: b, n: n, c: c, eps: 1e-12),
                    atol: 2e-5, rtol: 1e-4)
    }

    @Test(arguments: [(1, 2), (3, 5), (2, 16)])
    func layerNormBackwardMatchesFiniteDifferences(n: Int, c: Int) {
        var data = TestData(seed: 7)
        let x = data.values(n * c, scale: 2), w = data.values(c), b = data.values(c), dy = data.values(n * c)
        let eps = 1e-5
        let loss = { (x: [Double], w: [Double], b: [Double]) in
            FiniteDifferences.dot(dy, ReferenceKernels.layerNorm(x, weight: w, bias: b, n: n, c: c, eps: eps))
        }
        var mean = [Float](repeating: 0, count: n), rstd = [Float](repeating: 0, count: n)
        _ = output(n * c) { out in
            layerNormForward(out: out, mean: &mean, rstd: &rstd, input: x.floats, weight: w.floats,
                             bias: b.floats, n: n, c: c, eps: Float(eps))
        }
        let dX0 = data.values(n * c).floats, dW0 = data.values(c).floats, dB0 = data.values(c).floats
        var dX = dX0, dW = dW0, dB = dB0
        layerNormBackward(dInput: &dX, dWeight: &dW, dBias: &dB, dOut: dy.floats, input: x.floats,
                          weight: w.floats, mean: mean, rstd: rstd, n: n, c: c)
        assertClose(added(dX, dX0), FiniteDifferences.gradient(of: { loss($0, w, b) }, at: x),
                    atol: gradientTolerance.atol, rtol: gradientTolerance.rtol, "dInput")
        assertClose(added(dW, dW0), FiniteDifferences.gradient(of: { loss(x, $0, b) }, at: w),
                    atol: gradientTolerance.atol, rtol: gradientTolerance.rtol, "dWeight")
        assertClose(added(dB, dB0), FiniteDifferences.gradient(of: { loss(x, w, $0) }, at: b),
                    atol: gradientTolerance.atol, rtol: gradientTolerance.rtol, "dBias")
    }

    @Test(arguments: rowColumnShapes)
    func rmsNormForwardMatchesNaive(n: Int, c: Int) {
        var data = TestData(seed: UInt64(n * 17 + c))
        let x = data.values(n * c, scale: 3), w = data.values(c)
        let fast = output(n * c) { out in
            rmsNormForward(out: out, rstd: nil, input: x.floats, weight: w.floats, n: n, c: c, eps: 1e-5)
        }
        assertClose(fast, ReferenceKernels.rmsNorm(x, weight: w, n: n, c: c, eps: 1e-5), atol: 2e-5, rtol: 1e-4)
    }

    @Test(arguments: [(1, 1), (3, 5), (2, 16)])
    func rmsNormBackwardMatchesFiniteDifferences(n: Int, c: Int) {
        var data = TestData(seed: 8)
        let x = data.values(n * c, scale: 2), w = data.values(c), dy = data.values(n * c)
        let loss = { (x: [Double], w: [Double]) in
            FiniteDifferences.dot(dy, ReferenceKernels.rmsNorm(x, weight: w, n: n, c: c, eps: 1e-5))
        }
        var rstd = [Float](repeating: 0, count: n)
        _ = output(n * c) { out in
            rmsNormForward(out: out, rstd: &rstd, input: x.floats, weight: w.floats, n: n, c: c, eps: 1e-5)
        }
        let dX0 = data.values(n * c).floats, dW0 = data.values(c).floats
        var dX = dX0, dW = dW0
        rmsNormBackward(dInput: &dX, dWeight: &dW, dOut: dy.floats, input: x.floats, weight: w.floats,
                        rstd: rstd, n: n, c: c)
        assertClose(added(dX, dX0), FiniteDifferences.gradient(of: { loss($0, w) }, at: x),
                    atol: gradientTolerance.atol, rtol: gradientTolerance.rtol, "dInput")
        assertClose(added(dW, dW0), FiniteDifferences.gradient(of: { loss(x, $0) }, at: w),
                    atol: gradientTolerance.atol, rtol: gradientTolerance.rtol, "dWeight")
    }
}
