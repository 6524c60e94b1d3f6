import Foundation
@testable import ExplainersPerturbation
import TensorCore

/// Cheap deterministic games over feature masks and brute-force Shapley and Owen values.
enum Games {
    /// A non-additive game: linear terms, pairwise interactions, a three-way AND and a sine of a
    /// weighted sum, coefficients drawn from `seed`.
    struct Interacting {
        let m: Int
        let linear: [Double], pairs: [Double], triple: [Int], tripleWeight: Double, sineWeights: [Double]

        init(features m: Int, seed: UInt64) {
            var random = SeededRandom(seed: seed)
            self.m = m
            linear = (0..<m).map { _ in random.nextGaussian() }
            pairs = (0..<(m * m)).map { _ in random.nextDouble() < 0.3 ? random.nextGaussian() : 0 }
            triple = m >= 3 ? [0, m / 2, m - 1] : []
            tripleWeight = 1.5
            sineWeights = (0..<m).map { _ in random.nextGaussian() }
        }

        func value(_ z: [Bool]) -> Double {
            var v = 0.0, phase = 0.0
            for i in 0..<m where z[i] {
                v += linear[i]
                phase += sineWeights[i]
                for j in (i + 1)..<max(i + 1, m) where z[j] { v += pairs[i * m + j] }
            }
            if !triple.isEmpty && triple.allSatisfy({ z[$0] }) { v += tripleWeight }
            return v + sin(phase)
        }

        func values(_ masks: [[Bool]]) -> [Double] { masks.map(value) }
    }

    /// Exact Shapley values: Σ_S |S|!(M−|S|−1)!/M! · (v(S ∪ i) − v(S)) over every coalition.
    static func shapley(_ m: Int, _ v: ([Bool]) -> Double) -> [Double] {
        var factorial = [1.0]
        for k in 1...max(1, m) { factorial.append(factorial[k - 1] * Double(k)) }
        var phi = [Double](repeating: 0, count: m)
        for bits in 0..<(1 << m) {
            let z = (0..<m).map { bits & (1 << $0) != 0 }
            let size = z.filter { $0 }.count, value = v(z)
            for i in 0..<m where !z[i] {
                var with = z
                with[i] = true
                phi[i] += factorial[size] * factorial[m - size - 1] / factorial[m] * (v(with) - value)
            }
        }
        return phi
    }

    /// Exact Owen values over `tree`: the mean marginal contribution over every order of the players
    /// consistent with the hierarchy (each splittable node's two children in either order), a node at
    /// a negative distance entering as one block whose contribution its leaves share equally.
    static func owen(_ tree: PartitionTree, _ v: ([Bool]) -> Double) -> [Double] {
        let members = tree.members(), m = tree.leafCount
        func orders(_ node: Int) -> [[Int]] {   // orders of blocks (node indices)
            guard node >= m, tree.nodes[node - m].distance >= 0 else { return [[node]] }
            let left = orders(tree.nodes[node - m].left), right = orders(tree.nodes[node - m].right)
            var result: [[Int]] = []
            for a in left { for b in right { result.append(a + b); result.append(b + a) } }
            return result
        }
        let all = orders(tree.root)
        var phi = [Double](repeating: 0, count: m)
        for order in all {
            var z = [Bool](repeating: false, count: m), previous = v(z)
            for block in order {
                for leaf in members[block] { z[leaf] = true }
                let current = v(z)
                for leaf in members[block] { phi[leaf] += (current - previous) / Double(members[block].count) }
                previous = current
            }
        }
        return phi.map { $0 / Double(all.count) }
    }

    /// A random binary hierarchy over `m` leaves (random adjacent merges), some nodes unsplittable.
    static func randomTree(_ m: Int, seed: UInt64, unsplittableShare: Double) -> PartitionTree {
        var random = SeededRandom(seed: seed)
        var groups = (0..<m).map { (index: $0, size: 1) }
        var nodes: [PartitionTree.Node] = []
        while groups.count > 1 {
            let i = random.nextInt(below: groups.count - 1)
            let (a, b) = (groups[i], groups[i + 1])
            let distance = random.nextDouble() < unsplittableShare ? -1.0 : 1.0 + random.nextDouble()
            nodes.append(.init(left: a.index, right: b.index, distance: distance, size: a.size + b.size))
            groups[i] = (m + nodes.count - 1, a.size + b.size)
            groups.remove(at: i + 1)
        }
        return PartitionTree(leafCount: m, nodes: nodes)
    }
}
