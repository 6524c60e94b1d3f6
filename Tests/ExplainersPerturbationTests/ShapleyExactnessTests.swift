@testable import ExplainersPerturbation
import NumericTestKit
import TensorCore
import Testing

/// KernelSHAP and Partition SHAP against brute force on cheap deterministic games.
@Suite struct ShapleyExactnessTests {
    @Test(arguments: 2...10) func kernelShapWithEveryCoalitionIsTheExactShapleyValue(m: Int) throws {
        let game = Games.Interacting(features: m, seed: UInt64(m))
        var random = SeededRandom(seed: 1)
        var calls = 0
        let result = KernelShapExplainer.shapleyValues(features: m, samples: 1 << 20, random: &random) { masks in
            calls += masks.count
            return game.values(masks)
        }
        assertClose(result.values, Games.shapley(m, game.value), atol: 1e-9, "M = \(m)")
        #expect(calls == 1 << m, "every coalition once, the empty and full ones included")
        #expect(!result.pseudoInverse)
    }

    @Test func oneFeatureGetsTheWholeDifference() {
        var random = SeededRandom(seed: 0)
        let result = KernelShapExplainer.shapleyValues(features: 1, samples: 10, random: &random) { masks in
            masks.map { $0[0] ? 3.5 : 1.25 }
        }
        #expect(result.values == [2.25])
    }

    @Test(arguments: [(12, 200), (13, 2 * 13 + 2048), (24, 100), (40, 2 * 40 + 2048)])
    func sampledKernelShapIsEfficientAndWithinBudget(m: Int, samples: Int) throws {
        let game = Games.Interacting(features: m, seed: 99)
        var random = SeededRandom(seed: 5)
        var masks: [[Bool]] = []
        let result = KernelShapExplainer.shapleyValues(features: m, samples: samples, random: &random) { batch in
            masks += batch
            return game.values(batch)
        }
        #expect(abs(result.values.reduce(0, +) - (result.full - result.base)) < 1e-9, "efficiency: base + Σφ = f(x)")
        #expect(masks.count == samples + 2 && Set(masks).count == masks.count, "\(masks.count) distinct coalitions")
        if m == 13 {
            // At 2,074 of 8,190 coalitions the estimate is close to the exact value.
            assertClose(result.values, Games.shapley(m, game.value), atol: 0.05, "M = 13 sampled")
        }
    }

    @Test func samplerWeightsFollowTheShapleyKernelAndPairComplements() {
        var random = SeededRandom(seed: 3)
        let m = 14
        let sampler = KernelShapSampler(features: m, samples: 600, random: &random)
        #expect(abs(sampler.weights.reduce(0, +) - 1) < 1e-12)
        #expect(sampler.enumeratedSizes == 1, "sizes 1 and 13 (28 coalitions) fit, sizes 2 and 12 (182) do not")
        for index in stride(from: 0, to: 28, by: 2) { #expect(sampler.masks[index + 1] == sampler.masks[index].map { !$0 }) }
        let kernel = { (s: Int) in Double(m - 1) / (KernelShapSampler.binomial(m, s) * Double(s * (m - s))) }
        let total = (1..<m).reduce(0.0) { $0 + kernel($1) * KernelShapSampler.binomial(m, $1) }
        #expect(abs(sampler.weights[0] - kernel(1) / total) < 1e-15, "an enumerated coalition's weight is the Shapley kernel's")
    }

    @Test(arguments: 1...10) func partitionShapWithAFullBudgetIsTheExactOwenValue(m: Int) throws {
        let game = Games.Interacting(features: m, seed: 40 + UInt64(m))
        for (share, seed) in [(0.0, UInt64(1)), (0.3, 2)] {
            let tree = Games.randomTree(m, seed: seed * 100 + UInt64(m), unsplittableShare: share)
            var random = SeededRandom(seed: 0)
            let result = OwenRecursion.values(tree: tree, maximumEvaluations: 1 << 20, batchSize: 5, random: &random,
                                              evaluate: game.values)
            let exact = Games.owen(tree, game.value)
            assertClose(result.values, exact, atol: 1e-9, "M = \(m), unsplittable share \(share)")
            #expect(result.evaluations == OwenRecursion.fullExpansionCost(tree) + 2)
            // The priority queue (shap's order) reaches the same values.
            var queueRandom = SeededRandom(seed: 0)
            var credit = [Double](repeating: 0, count: 2 * m - 1)
            let ends = game.values([[Bool](repeating: false, count: m), [Bool](repeating: true, count: m)])
            let root = OwenRecursion.Visit(on: [Bool](repeating: false, count: m), low: ends[0], high: ends[1], node: tree.root, weight: 1)
            _ = OwenRecursion.expandByPriority(root, tree: tree, members: tree.members(), limit: 1 << 20, batchSize: 3,
                                               random: &queueRandom, credit: &credit, evaluate: game.values)
            OwenRecursion.lowerCredit(tree.root, 0, tree: tree, credit: &credit)
            assertClose(Array(credit[0..<m]), exact, atol: 1e-9, "priority queue, M = \(m)")
        }
    }

    @Test func owenValuesOfAnAdditiveGameAreItsCoefficients() {
        let m = 9, tree = Games.randomTree(m, seed: 8, unsplittableShare: 0)
        let coefficients = (0..<m).map { Double($0) - 3.5 }
        var random = SeededRandom(seed: 0)
        let result = OwenRecursion.values(tree: tree, maximumEvaluations: 100_000, batchSize: 5, random: &random) { masks in
            masks.map { z in zip(z, coefficients).reduce(0.0) { $0 + ($1.0 ? $1.1 : 0) } }
        }
        assertClose(result.values, coefficients, atol: 1e-12)
    }

    @Test(arguments: [10, 60, 200]) func partitionShapAtAPartialBudgetStaysEfficientAndWithinIt(budget: Int) {
        let m = 24, game = Games.Interacting(features: m, seed: 7)
        let tree = PartitionTree(featureTokens: (0..<m).map { ["w\($0)"] })
        #expect(OwenRecursion.fullExpansionCost(tree) > budget)
        var random = SeededRandom(seed: 4)
        var calls = 0
        let result = OwenRecursion.values(tree: tree, maximumEvaluations: budget, batchSize: 5, random: &random) { masks in
            calls += masks.count
            return game.values(masks)
        }
        #expect(calls == result.evaluations && calls <= budget && calls >= budget - 6)
        #expect(abs(result.values.reduce(0, +) - (result.full - result.base)) < 1e-9)
    }
}
