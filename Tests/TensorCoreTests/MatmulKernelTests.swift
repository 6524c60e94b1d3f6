import NumericTestKit
import Testing
@testable import TensorCore

@Suite struct MatmulKernelTests {
    @Test(arguments: [(1, 1, 1), (1, 5, 3), (4, 7, 9), (13, 33, 17), (64, 384, 96)])
    func forwardMatchesNaive(n: Int, c: Int, oc: Int) {
        var data = TestData(seed: UInt64(n * 1000 + c * 10 + oc))
        let x = data.values(n * c), w = data.values(oc * c), b = data.values(oc)
        for bias in [b, nil] {
            let fast = output(n * oc) { out in
                x.floats.withUnsafeBufferPointer { xp in w.floats.withUnsafeBufferPointer { wp in
                    if let bias {
                        bias.floats.withUnsafeBufferPointer { bp in
                            matmulForward(out: out, input: xp.baseAddress!, weight: wp.baseAddress!,
                                          bias: bp.baseAddress!, n: n, c: c, oc: oc)
                        }
                    } else {
                        matmulForward(out: out, input: xp.baseAddress!, weight: wp.baseAddress!, bias: nil,
                                      n: n, c: c, oc: oc)
                    }
                } }
            }
            assertClose(fast, ReferenceKernels.matmul(x, w, bias, n: n, c: c, oc: oc), atol: 1e-5, rtol: 1e-5)
        }
    }

    @Test(arguments: [(1, 1, 1), (3, 4, 5), (6, 9, 2)])
    func backwardMatchesFiniteDifferences(n: Int, c: Int, oc: Int) {
        var data = TestData(seed: 99)
        let x = data.values(n * c), w = data.values(oc * c), b = data.values(oc), dy = data.values(n * oc)
        let start = data.values(max(n * c, oc * c)).floats
        let loss = { (x: [Double], w: [Double], b: [Double]) in
            FiniteDifferences.dot(dy, ReferenceKernels.matmul(x, w, b, n: n, c: c, oc: oc))
        }
        let dX0 = Array(start.prefix(n * c)), dW0 = Array(start.prefix(oc * c)), dB0 = Array(start.prefix(oc))
        var dX = dX0, dW = dW0, dB = dB0
        dX.withUnsafeMutableBufferPointer { dxp in dW.withUnsafeMutableBufferPointer { dwp in
            dB.withUnsafeMutableBufferPointer { dbp in
                matmulBackward(dInput: dxp.baseAddress!, dWeight: dwp.baseAddress!, dBias: dbp.baseAddress!,
                               dOut: dy.floats, input: x.floats, weight: w.floats, n: n, c: c, oc: oc)
            }
        } }
        assertClose(added(dX, dX0), FiniteDifferences.gradient(of: { loss($0, w, b) }, at: x),
                    atol: gradientTolerance.atol, rtol: gradientTolerance.rtol, "dInput")
        assertClose(added(dW, dW0), FiniteDifferences.gradient(of: { loss(x, $0, b) }, at: w),
                    atol: gradientTolerance.atol, rtol: gradientTolerance.rtol, "dWeight")
        assertClose(added(dB, dB0), FiniteDifferences.gradient(of: { loss(x, w, $0) }, at: b),
                    atol: gradientTolerance.atol, rtol: gradientTolerance.rtol, "dBias")
    }

    @Test(arguments: [false, true], [false, true])
    func gemmTransposesMatchNaive(transposeA: Bool, transposeB: Bool) {
        let m = 5, n = 7, k = 3
        var data = TestData(seed: 5)
        let a = data.values(m * k), b = data.values(k * n)
        // Naive: C[i][j] = Σ A[i][l] · B[l][j], with A, B read through their transposes when asked.
        func aAt(_ i: Int, _ l: Int) -> Double { transposeA ? a[l * m + i] : a[i * k + l] }
        func bAt(_ l: Int, _ j: Int) -> Double { transposeB ? b[j * k + l] : b[l * n + j] }
        let expected = (0..<(m * n)).map { index in (0..<k).reduce(0.0) { $0 + aAt(index / n, $1) * bAt($1, index % n) } }
        let fast = output(m * n) { c in
            gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a.floats,
                 lda: transposeA ? m : k, b: b.floats, ldb: transposeB ? k : n, c: c, ldc: n)
        }
        assertClose(fast, expected, atol: 1e-5, rtol: 1e-5)
    }

    @Test(arguments: [1, 3, 24])
    func batchedGemmEqualsOneGemmPerBatch(count: Int) {
        let m = 4, n = 6, k = 5
        var data = TestData(seed: UInt64(count))
        let a = data.values(count * m * k).floats, b = data.values(count * n * k).floats
        let batched = output(count * m * n) { c in
            batchedGemm(count: count, transposeA: false, transposeB: true, m: m, n: n, k: k,
                        a: a, lda: k, strideA: m * k, b: b, ldb: k, strideB: n * k, c: c, ldc: n, strideC: m * n)
        }
        var expected: [Double] = []
        for i in 0..<count {
            let ai = Array(a[(i * m * k)..<((i + 1) * m * k)]).doubles
            let bi = Array(b[(i * n * k)..<((i + 1) * n * k)]).doubles
            expected += ReferenceKernels.matmul(ai, bi, nil, n: m, c: k, oc: n)
        }
        assertClose(batched, expected, atol: 1e-5, rtol: 1e-5)
    }

    @Test func parallelForVisitsEveryIndexOnce() {
        let counter = LockedValue([Int](repeating: 0, count: 10_000))
        parallelFor(10_000, workPerItem: 1000) { i in counter.withLock { $0[i] += 1 } }
        #expect(counter.withLock { $0.allSatisfy { $0 == 1 } })
    }
}
