import NumericTestKit
import Testing
@testable import TensorCore

@Suite struct SoftmaxKernelTests {
    /// A key mask like attention's: 0 for kept keys, −∞ for padding at the end of each batch row.
    func keyMask(rows: Int, cols: Int, padding: Int) -> [Double] {
        (0..<(rows * cols)).map { $0 % cols >= cols - padding ? -Double.infinity : 0 }
    }

    @Test(arguments: rowColumnShapes)
    func forwardMatchesNaiveWithAndWithoutMask(rows: Int, cols: Int) {
        var data = TestData(seed: UInt64(rows * 7 + cols))
        let x = data.values(rows * cols, scale: 8)
        let plain = output(rows * cols) { softmaxForward(probs: $0, scores: x.floats, additiveMask: nil, rows: rows, cols: cols) }
        assertClose(plain, ReferenceKernels.softmax(x, mask: nil, rows: rows, cols: cols), atol: 1e-6, rtol: 1e-5)
        // One mask row shared by `rowsPerMask` query rows, as a (B,T) key mask serves H·T rows.
        let rowsPerMask = rows
        let mask = keyMask(rows: 1, cols: cols, padding: cols / 3)
        let masked = output(rows * cols) {
            softmaxForward(probs: $0, scores: x.floats, additiveMask: mask.floats, rowsPerMask: rowsPerMask,
                           rows: rows, cols: cols)
        }
        assertClose(masked, ReferenceKernels.softmax(x, mask: mask, rowsPerMask: rowsPerMask, rows: rows, cols: cols),
                    atol: 1e-6, rtol: 1e-5)
        for r in 0..<rows {
            let row = masked[(r * cols)..<((r + 1) * cols)]
            #expect(abs(row.reduce(0, +) - 1) < 1e-5, "row \(r) sums to \(row.reduce(0, +))")
            #expect(row.suffix(cols / 3).allSatisfy { $0 == 0 }, "masked keys must get exactly 0")
        }
    }

    @Test func maskRowsAreAppliedToTheirOwnQueryRows() {
        // Two batch rows of 3 query rows each; the second batch masks key 0 only.
        let cols = 4
        let x = [Double](repeating: 0, count: 6 * cols)
        let mask: [Double] = [0, 0, 0, -.infinity, -.infinity, 0, 0, 0]
        let probs = output(6 * cols) {
            softmaxForward(probs: $0, scores: x.floats, additiveMask: mask.floats, rowsPerMask: 3, rows: 6, cols: cols)
        }
        let third: Float = 1.0 / 3
        let firstBatchRow: [Float] = [third, third, third, 0]
        let secondBatchRow: [Float] = [0, third, third, third]
        #expect(Array(probs[0..<4]) == firstBatchRow)
        #expect(Array(probs[20..<24]) == secondBatchRow)
    }

    @Test func fullyMaskedRowGivesZerosNotNaN() {
        let probs = output(3) {
            softmaxForward(probs: $0, scores: [1, 2, 3], additiveMask: [-.infinity, -.infinity, -.infinity],
                           rows: 1, cols: 3)
        }
        #expect(probs == [0, 0, 0])
    }

    @Test(arguments: [(1, 1), (2, 5), (3, 9)])
    func backwardMatchesFiniteDifferences(rows: Int, cols: Int) {
        var data = TestData(seed: 21)
        let x = data.values(rows * cols, scale: 3), dy = data.values(rows * cols)
        let probs = output(rows * cols) { softmaxForward(probs: $0, scores: x.floats, additiveMask: nil, rows: rows, cols: cols) }
        let dX = output(rows * cols) { softmaxBackward(dScores: $0, dProbs: dy.floats, probs: probs, rows: rows, cols: cols) }
        let expected = FiniteDifferences.gradient(of: {
            FiniteDifferences.dot(dy, ReferenceKernels.softmax($0, mask: nil, rows: rows, cols: cols))
        }, at: x)
        assertClose(dX, expected, atol: gradientTolerance.atol, rtol: gradientTolerance.rtol)
    }

    @Test(arguments: [(1, 3), (4, 11), (2, 1000)])
    func logSoftmaxMatchesNaiveAndFiniteDifferences(rows: Int, cols: Int) {
        var data = TestData(seed: UInt64(cols))
        let x = data.values(rows * cols, scale: 10), dy = data.values(rows * cols)
        let y = output(rows * cols) { logSoftmaxForward(out: $0, logits: x.floats, rows: rows, cols: cols) }
        assertClose(y, ReferenceKernels.logSoftmax(x, rows: rows, cols: cols), atol: 1e-5, rtol: 1e-6)
        guard cols < 100 else { return }
        let dX0 = data.values(rows * cols).floats
        let dX = accumulate(dX0) { logSoftmaxBackward(dLogits: $0, dOut: dy.floats, logProbs: y, rows: rows, cols: cols) }
        let expected = FiniteDifferences.gradient(of: {
            FiniteDifferences.dot(dy, ReferenceKernels.logSoftmax($0, rows: rows, cols: cols))
        }, at: x)
        assertClose(added(dX, dX0), expected, atol: gradientTolerance.atol, rtol: gradientTolerance.rtol)
    }

    @Test(arguments: [(1, 2), (3, 7)])
    func crossEntropyMatchesNaiveAndFiniteDifferences(rows: Int, cols: Int) {
        var data = TestData(seed: 3)
        let x = data.values(rows * cols, scale: 4), dLoss = data.values(rows)
        let targets = (0..<rows).map { Int32(($0 * 5 + 1) % cols) }
        let losses = output(rows) { crossEntropyForward(losses: $0, logits: x.floats, targets: targets, rows: rows, cols: cols) }
        assertClose(losses, ReferenceKernels.crossEntropy(x, targets: targets, rows: rows, cols: cols), atol: 1e-5, rtol: 1e-6)
        let dX0 = data.values(rows * cols).floats
        let dX = accumulate(dX0) {
            crossEntropyBackward(dLogits: $0, dLosses: dLoss.floats, logits: x.floats, targets: targets, rows: rows, cols: cols)
        }
        let expected = FiniteDifferences.gradient(of: {
            FiniteDifferences.dot(dLoss, ReferenceKernels.crossEntropy($0, targets: targets, rows: rows, cols: cols))
        }, at: x)
        assertClose(added(dX, dX0), expected, atol: gradientTolerance.atol, rtol: gradientTolerance.rtol)
    }
}
