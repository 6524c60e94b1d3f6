import Foundation
import NumericTestKit
import Testing
@testable import TensorCore

/// The kernel on prepacked weights against the naive product: edge sizes of its 6-row by 16-column
/// blocks and of its row blocks, both packing layouts, overwrite and accumulate, and the linear layers
/// that use it.
@Suite struct PackedGemmTests {
    @Test func thisCPURunsThePackedKernel() {
        // The CI machines (x86-64 with AVX2 and FMA) must take the packed path, or nothing below tests it.
        #expect(PackedMatrix.isAvailable)
    }

    @Test(arguments: [(1, 1, 1), (1, 16, 3), (5, 17, 9), (6, 33, 384), (7, 15, 5), (16, 1152, 384), (64, 40, 1536),
                      // Several row blocks (60 rows each at K = 1536, 252 at K = 384), the last one partial.
                      (125, 33, 1536), (PackedMatrix.rowLimit, 40, 384), (500, 40, 384)])
    func productsMatchNaive(m: Int, n: Int, k: Int) {
        var data = TestData(seed: UInt64(m * 7919 + n * 31 + k))
        let a = data.values(m * k), b = data.values(k * n), start = data.values(m * n)
        let expected = (0..<(m * n)).map { index in (0..<k).reduce(0.0) { $0 + a[index / n * k + $1] * b[$1 * n + index % n] } }
        let bTransposed = (0..<(n * k)).map { b[($0 % k) * n + $0 / k] }   // (N,K): row j holds column j of B
        for transposed in [false, true] {
            let packed = (transposed ? bTransposed : b).floats.withUnsafeBufferPointer {
                PackedMatrix($0.baseAddress!, k: k, n: n, transposed: transposed)
            }
            for accumulate in [false, true] {
                var c = start.floats
                c.withUnsafeMutableBufferPointer { cp in
                    packedGemm(m: m, a: a.floats, lda: k, b: packed, accumulate: accumulate, c: cp.baseAddress!, ldc: n)
                }
                let want = accumulate ? zip(expected, start).map { $0 + Double(Float($1)) } : expected
                assertClose(c, want, atol: 1e-4, rtol: 1e-5, "transposed \(transposed), accumulate \(accumulate)")
            }
        }
    }

    @Test func leadingDimensionsWiderThanTheProductAreRespected() {
        let m = 7, n = 19, k = 11, lda = 14, ldc = 23
        var data = TestData(seed: 3)
        let a = data.values(m * lda), b = data.values(k * n)
        let sentinel: Float = 12345
        let packed = b.floats.withUnsafeBufferPointer { PackedMatrix($0.baseAddress!, k: k, n: n, transposed: false) }
        var c = [Float](repeating: sentinel, count: m * ldc)
        c.withUnsafeMutableBufferPointer { cp in
            packedGemm(m: m, a: a.floats, lda: lda, b: packed, accumulate: false, c: cp.baseAddress!, ldc: ldc)
        }
        for i in 0..<m {
            let row = (0..<n).map { j in (0..<k).reduce(0.0) { $0 + a[i * lda + $1] * b[$1 * n + j] } }
            assertClose(Array(c[(i * ldc)..<(i * ldc + n)]), row, atol: 1e-5, rtol: 1e-5, "row \(i)")
            #expect(c[(i * ldc + n)..<((i + 1) * ldc)].allSatisfy { $0 == sentinel }, "row \(i): columns past N untouched")
        }
    }

    @Test(arguments: [(1, 384, 1152), (16, 384, 1536), (40, 1536, 384)])
    func linearLayersGiveTheSameResultPackedOrThroughBLAS(n: Int, c: Int, oc: Int) {
        var data = TestData(seed: UInt64(n + c + oc))
        let x = data.values(n * c).floats, w = data.values(oc * c).floats, bias = data.values(oc).floats
        let dOut = data.values(n * oc).floats
        let forwardPacked = w.withUnsafeBufferPointer { PackedMatrix($0.baseAddress!, k: c, n: oc, transposed: true) }
        let backwardPacked = w.withUnsafeBufferPointer { PackedMatrix($0.baseAddress!, k: oc, n: c, transposed: false) }
        func forward(_ packed: PackedMatrix?) -> [Float] {
            var out = [Float](repeating: .nan, count: n * oc)
            matmulForward(out: &out, input: x, weight: w, bias: bias, n: n, c: c, oc: oc, packedWeight: packed)
            return out
        }
        func backward(_ packed: PackedMatrix?) -> [Float] {
            var dInput = [Float](repeating: 0.5, count: n * c)
            matmulBackward(dInput: &dInput, dWeight: nil, dBias: nil, dOut: dOut, input: x, weight: w,
                           n: n, c: c, oc: oc, packedWeight: packed)
            return dInput
        }
        assertClose(forward(forwardPacked), forward(nil).map(Double.init), atol: 1e-4, rtol: 1e-5, "forward")
        assertClose(backward(backwardPacked), backward(nil).map(Double.init), atol: 1e-4, rtol: 1e-5, "∂input")
    }

    @Test(arguments: [(5, 9, 23), (64, 384, 1536), (13, 1536, 40)])
    func biasResidualAndGeluEpiloguesMatchTheirDefinition(n: Int, c: Int, oc: Int) {
        var data = TestData(seed: UInt64(3 * n + c + oc))
        let x = data.values(n * c), w = data.values(oc * c), bias = data.values(oc), skip = data.values(n * oc)
        let sums = (0..<(n * oc)).map { index in
            (0..<c).reduce(Double(bias[index % oc])) { $0 + x[index / oc * c + $1] * w[(index % oc) * c + $1] }
        }
        let packed = w.floats.withUnsafeBufferPointer { PackedMatrix($0.baseAddress!, k: c, n: oc, transposed: true) }
        for weight in [packed, nil] {
            let path = weight == nil ? "BLAS" : "packed"
            var out = [Float](repeating: .nan, count: n * oc)
            skip.floats.withUnsafeBufferPointer { residual in
                matmulForward(out: &out, input: x.floats, weight: w.floats, bias: bias.floats, n: n, c: c, oc: oc,
                              packedWeight: weight, epilogue: .residual(residual.baseAddress!))
            }
            assertClose(out, zip(sums, skip).map { $0 + $1 }, atol: 1e-4, rtol: 1e-5, "\(path): residual")
            var pre = [Float](repeating: .nan, count: n * oc)
            pre.withUnsafeMutableBufferPointer { pre in
                matmulForward(out: &out, input: x.floats, weight: w.floats, bias: bias.floats, n: n, c: c, oc: oc,
                              packedWeight: weight, epilogue: .gelu(preActivation: pre.baseAddress!))
            }
            assertClose(pre, sums, atol: 1e-4, rtol: 1e-5, "\(path): pre-activation")
            let gelu = sums.map { $0 * 0.5 * (1 + erf($0 / 2.0.squareRoot())) }
            assertClose(out, gelu, atol: 1e-4, rtol: 1e-5, "\(path): GELU")
        }
    }

    @Test(arguments: [(5, 23, 9), (64, 1536, 384)])
    func backwardThroughGeluMatchesItsDefinition(n: Int, c: Int, oc: Int) {
        var data = TestData(seed: UInt64(n * c + oc))
        let dOut = data.values(n * oc), w = data.values(oc * c), pre = data.values(n * c, scale: 3)
        let expected = (0..<(n * c)).map { index -> Double in
            let x = pre[index]
            let gradient = (0..<oc).reduce(0.0) { $0 + dOut[index / c * oc + $1] * w[$1 * c + index % c] }
            return gradient * (0.5 * (1 + erf(x / 2.0.squareRoot())) + x * exp(-x * x / 2) / (2 * Double.pi).squareRoot())
        }
        let packed = w.floats.withUnsafeBufferPointer { PackedMatrix($0.baseAddress!, k: oc, n: c, transposed: false) }
        for weight in [packed, nil] {
            var dPre = [Float](repeating: .nan, count: n * c)
            matmulBackwardThroughGelu(dPreActivation: &dPre, dOut: dOut.floats, weight: w.floats, preActivation: pre.floats,
                                      n: n, c: c, oc: oc, packedWeight: weight)
            assertClose(dPre, expected, atol: 1e-4, rtol: 1e-5, weight == nil ? "BLAS" : "packed")
        }
    }

    @Test func theSwiftFallbackEpilogueEqualsTheCOne() {
        let n = 7, oc = 21
        var data = TestData(seed: 11)
        let start = data.values(n * oc, scale: 3).floats, bias = data.values(oc).floats
        let skip = data.values(n * oc).floats, x = data.values(n * oc, scale: 3).floats
        func run(_ epilogue: LinearEpilogue, inC: Bool) -> [Float] {
            var out = start
            applyLinearEpilogue(&out, bias: bias, epilogue: epilogue, n: n, oc: oc, inC: inC)
            return out
        }
        skip.withUnsafeBufferPointer { skip in
            x.withUnsafeBufferPointer { x in
                for epilogue in [LinearEpilogue.none, .residual(skip.baseAddress!), .gelu(preActivation: nil),
                                 .geluDerivative(input: x.baseAddress!)] {
                    assertClose(run(epilogue, inC: true), run(epilogue, inC: false).map(Double.init), atol: 1e-6, rtol: 1e-6,
                                "\(epilogue)")
                }
            }
        }
        var preC = [Float](repeating: .nan, count: n * oc), preSwift = preC
        _ = preC.withUnsafeMutableBufferPointer { run(.gelu(preActivation: $0.baseAddress!), inC: true) }
        _ = preSwift.withUnsafeMutableBufferPointer { run(.gelu(preActivation: $0.baseAddress!), inC: false) }
        #expect(preC == preSwift)
        assertClose(preC, zip(start, bias.cycled(to: n * oc)).map { Double($0) + Double($1) }, atol: 1e-6, rtol: 1e-6, "pre-activation")
    }
}

private extension Array where Element == Float {
    /// The array repeated until it holds `count` values.
    func cycled(to count: Int) -> [Float] { (0..<count).map { self[$0 % self.count] } }
}
