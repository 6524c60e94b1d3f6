import Foundation
@testable import ExplainersPerturbation
import NumericTestKit
import TensorCore
import Testing

/// LIME's sampling, kernel and ridge fit; shap's text clustering; the symmetric solver.
@Suite struct LimeAndTreeTests {
    @Test func limeRecoversTheCoefficientsOfALinearModel() {
        let m = 12, intercept = 0.3
        let coefficients = (0..<m).map { 0.1 * Double($0 % 5) - 0.2 }
        var random = SeededRandom(seed: 9)
        let masks = LimeExplainer.samples(features: m, count: 1000, random: &random)
        let values = masks.map { z in intercept + zip(z, coefficients).reduce(0.0) { $0 + ($1.0 ? $1.1 : 0) } }
        let exact = LimeExplainer.fit(masks: masks, values: values, kernelWidth: 25, alpha: 0)
        assertClose(exact.coefficients, coefficients, atol: 1e-10, "alpha 0")
        #expect(abs(exact.intercept - intercept) < 1e-10 && abs(exact.score - 1) < 1e-12)
        // With lime's alpha = 1 the fit is the ridge solution, computed here densely with the intercept as a column.
        let ridge = LimeExplainer.fit(masks: masks, values: values, kernelWidth: 25, alpha: 1)
        let dense = denseRidge(masks: masks, values: values, alpha: 1)
        assertClose(ridge.coefficients, Array(dense.dropFirst()), atol: 1e-10, "alpha 1")
        #expect(abs(ridge.intercept - dense[0]) < 1e-10)
        assertClose(ridge.coefficients, coefficients, atol: 0.01, "alpha 1 shrinks only a little at 1,000 samples")
    }

    @Test func limeSamplesAsLimeDoes() {
        var random = SeededRandom(seed: 2)
        let m = 7, masks = LimeExplainer.samples(features: m, count: 4000, random: &random)
        #expect(masks.count == 4000 && masks[0] == [Bool](repeating: true, count: m))
        var removedCounts = [Int](repeating: 0, count: m + 1)
        for mask in masks.dropFirst() { removedCounts[mask.filter { !$0 }.count] += 1 }
        #expect(removedCounts[0] == 0, "every sample removes at least one feature")
        for count in 1...m { #expect(abs(Double(removedCounts[count]) - 3999.0 / 7) < 80, "removed \(count): \(removedCounts[count])") }
    }

    @Test func limeWeightIsTheCosineKernel() {
        for (kept, m) in [(3, 10), (10, 10), (0, 4), (1, 1)] {
            let mask = (0..<m).map { $0 < kept }
            let cosine = kept == 0 ? 0 : Double(kept) / (Double(kept).squareRoot() * Double(m).squareRoot())
            let d = 100 * (1 - cosine)
            #expect(abs(LimeExplainer.kernelWeight(mask, kernelWidth: 25) - exp(-d * d / 625).squareRoot()) < 1e-15)
        }
    }

    @Test func shapTextClusteringMergesPiecesApostrophesAndClausesInShapsOrder() {
        // it ' s | not | bad | ( at all ) | ! — the apostrophe ending merges first and is never split.
        let tree = PartitionTree(featureTokens: [["it"], ["'"], ["s"], ["not"], ["bad"], ["("], ["at"], ["all"], [")"], ["!"]])
        #expect(tree.nodes[0] == .init(left: 0, right: 1, distance: 10 - 13, size: 2))
        #expect(tree.nodes[1] == .init(left: 10, right: 2, distance: 10 - 12, size: 3))
        #expect(tree.nodes.last!.size == 10)
        let word = PartitionTree(featureTokens: [["super", "##cal"], ["film"]])
        #expect(word.nodes == [.init(left: 0, right: 1, distance: 10 + 3, size: 2)], "pieces count in group sizes")
    }

    @Test func singularSystemsUseThePseudoInverse() {
        // A = [[1,1],[1,1]] (rank 1); pinv(A)·[2,2] = [1,1].
        let (x, pseudo) = SymmetricSolve.solve([1, 1, 1, 1], n: 2, [2, 2])
        #expect(pseudo)
        assertClose(x, [1.0, 1.0], atol: 1e-12)
        let (y, cholesky) = SymmetricSolve.solve([4, 2, 2, 3], n: 2, [2, 1])
        #expect(!cholesky)
        assertClose(y, [0.5, 0.0], atol: 1e-12)
    }

    /// Weighted ridge over [1, z] with an unpenalised intercept, by Gaussian elimination on the dense system.
    func denseRidge(masks: [[Bool]], values: [Double], alpha: Double) -> [Double] {
        let n = masks[0].count + 1
        var a = [[Double]](repeating: [Double](repeating: 0, count: n + 1), count: n)
        for (mask, y) in zip(masks, values) {
            let w = LimeExplainer.kernelWeight(mask, kernelWidth: 25), x = [1.0] + mask.map { $0 ? 1.0 : 0.0 }
            for i in 0..<n {
                for j in 0..<n { a[i][j] += w * x[i] * x[j] }
                a[i][n] += w * x[i] * y
            }
        }
        for i in 1..<n { a[i][i] += alpha }
        for column in 0..<n {
            let pivot = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) }!
            a.swapAt(column, pivot)
            for row in 0..<n where row != column {
                let factor = a[row][column] / a[column][column]
                for k in column...n { a[row][k] -= factor * a[column][k] }
            }
        }
        return (0..<n).map { a[$0][n] / a[$0][$0] }
    }
}
