import NumericTestKit
import Testing
@testable import TensorCore

@Suite struct ElementwiseKernelTests {
    @Test(arguments: [1, 7, 100, 9000])
    func activationsMatchNaive(count: Int) {
        var data = TestData(seed: UInt64(count))
        let x = data.values(count, scale: 6), u = data.values(count, scale: 2)
        assertClose(output(count) { geluForward(out: $0, input: x.floats, count: count) },
                    ReferenceKernels.gelu(x), atol: 1e-6, rtol: 1e-5, "gelu")
        assertClose(output(count) { siluForward(out: $0, input: x.floats, count: count) },
                    ReferenceKernels.silu(x), atol: 1e-6, rtol: 1e-5, "silu")
        assertClose(output(count) { swigluForward(out: $0, gate: x.floats, up: u.floats, count: count) },
                    ReferenceKernels.swiglu(gate: x, up: u), atol: 1e-6, rtol: 1e-5, "swiglu")
    }

    @Test func activationBackwardsMatchFiniteDifferences() {
        var data = TestData(seed: 4)
        let count = 9
        let x = data.values(count, scale: 4), u = data.values(count, scale: 2), dy = data.values(count)
        let d0 = data.values(count).floats
        let dGelu = accumulate(d0) { geluBackward(dInput: $0, input: x.floats, dOut: dy.floats, count: count) }
        assertClose(added(dGelu, d0), FiniteDifferences.gradient(of: { FiniteDifferences.dot(dy, ReferenceKernels.gelu($0)) }, at: x),
                    atol: gradientTolerance.atol, rtol: gradientTolerance.rtol, "gelu")
        let dSilu = accumulate(d0) { siluBackward(dInput: $0, input: x.floats, dOut: dy.floats, count: count) }
        assertClose(added(dSilu, d0), FiniteDifferences.gradient(of: { FiniteDifferences.dot(dy, ReferenceKernels.silu($0)) }, at: x),
                    atol: gradientTolerance.atol, rtol: gradientTolerance.rtol, "silu")
        var dGate = d0, dUp = d0
        swigluBackward(dGate: &dGate, dUp: &dUp, dOut: dy.floats, gate: x.floats, up: u.floats, count: count)
        assertClose(added(dGate, d0), FiniteDifferences.gradient(of: {
            FiniteDifferences.dot(dy, ReferenceKernels.swiglu(gate: $0, up: u)) }, at: x),
                    atol: gradientTolerance.atol, rtol: gradientTolerance.rtol, "swiglu gate")
        assertClose(added(dUp, d0), FiniteDifferences.gradient(of: {
            FiniteDifferences.dot(dy, ReferenceKernels.swiglu(gate: x, up: $0)) }, at: u),
                    atol: gradientTolerance.atol, rtol: gradientTolerance.rtol, "swiglu up")
    }

    @Test func embeddingLookupAndScatterAdd() {
        var data = TestData(seed: 6)
        let vocabulary = 11, c = 5
        let table = data.values(vocabulary * c)
        let ids: [Int32] = [3, 0, 3, 10, 7]   // a repeated id must accumulate
        let rows = output(ids.count * c) {
            embeddingForward(out: $0, ids: ids, table: table.floats, vocabularySize: vocabulary, n: ids.count, c: c)
        }
        assertClose(rows, ReferenceKernels.embedding(ids: ids, table: table, c: c), atol: 0)
        let dy = data.values(ids.count * c)
        let dT0 = data.values(vocabulary * c).floats
        let dT = accumulate(dT0) { embeddingBackward(dTable: $0, dOut: dy.floats, ids: ids, n: ids.count, c: c) }
        let expected = FiniteDifferences.gradient(of: {
            FiniteDifferences.dot(dy, ReferenceKernels.embedding(ids: ids, table: $0, c: c))
        }, at: table)
        assertClose(added(dT, dT0), expected, atol: gradientTolerance.atol, rtol: gradientTolerance.rtol)
    }

    @Test(arguments: [RotaryLayout.adjacentPairs, .halves])
    func ropeMatchesNaiveAndInvertsInBackward(layout: RotaryLayout) {
        var data = TestData(seed: 12)
        let n = 5, heads = 3, headDim = 8
        let x = data.values(n * heads * headDim)
        let positions: [Int32] = [0, 1, 2, 17, 300]
        var rotated = x.floats
        ropeForward(x: &rotated, positions: positions, n: n, heads: heads, headDim: headDim, base: 10000, layout: layout)
        assertClose(rotated, ReferenceKernels.rope(x, positions: positions, heads: heads, headDim: headDim,
                                                   base: 10000, layout: layout), atol: 1e-5, rtol: 1e-5)
        // Position 0 is the identity.
        assertClose(Array(rotated[0..<(heads * headDim)]), Array(x[0..<(heads * headDim)]), atol: 0)
        let dy = data.values(n * heads * headDim)
        var dX = dy.floats
        ropeBackward(dX: &dX, positions: positions, n: n, heads: heads, headDim: headDim, base: 10000, layout: layout)
        let expected = FiniteDifferences.gradient(of: {
            FiniteDifferences.dot(dy, ReferenceKernels.rope($0, positions: positions, heads: heads, headDim: headDim,
                                                            base: 10000, layout: layout))
        }, at: x)
        assertClose(dX, expected, atol: gradientTolerance.atol, rtol: gradientTolerance.rtol)
    }

    @Test func layoutsDifferSoTheChoiceMatters() {
        let x: [Double] = [1, 2, 3, 4]
        let a = ReferenceKernels.rope(x, positions: [1], heads: 1, headDim: 4, base: 10000, layout: .adjacentPairs)
        let b = ReferenceKernels.rope(x, positions: [1], heads: 1, headDim: 4, base: 10000, layout: .halves)
        #expect(closeness(a, b, atol: 1e-3).passed == false)
    }
}
