import TensorCore

/// The coalitions KernelSHAP evaluates and their Shapley-kernel weights, chosen exactly as shap's
/// `KernelExplainer.explain` chooses them (shap 0.51, `shap/explainers/_kernel.py`):
///
/// - subset sizes s = 1 … ⌈(M−1)/2⌉ get weight ∝ (M−1)/(s(M−s)), doubled for the sizes paired with
///   their complement size M − s;
/// - from the smallest size up, every size whose whole set of coalitions (and complements) fits in the
///   remaining budget at its share of the weight is enumerated completely;
/// - the rest of the budget is sampled: a size drawn from the remaining weights, a uniform coalition of
///   that size, and its complement (paired, antithetic sampling); a repeated coalition adds 1 to its
///   weight instead of costing a pass; at most 4 draws per remaining sample, as shap;
/// - the sampled weights are rescaled to the weight the enumerated sizes left.
///
/// The empty and the full coalition are not among the samples: they fix the base value and the
/// efficiency constraint. Draws come from `SeededRandom` (shap uses numpy's global generator).
struct KernelShapSampler {
    /// The coalitions (true keeps a feature), without the empty and full ones.
    private(set) var masks: [[Bool]] = []
    /// The kernel weight of each coalition.
    private(set) var weights: [Double] = []
    /// How many subset sizes (with their complements) were enumerated completely.
    private(set) var enumeratedSizes = 0

    /// The samples for `m` ≥ 2 features and a budget of `samples` coalitions (at most 2^M − 2).
    init(features m: Int, samples: Int, random: inout SeededRandom) {
        precondition(m >= 2, "KernelShapSampler needs at least two features")
        let sizes = (m - 1 + 1) / 2, pairedSizes = (m - 1) / 2
        var weightVector = (1...sizes).map { s in Double(m - 1) / Double(s * (m - s)) }
        for s in 0..<pairedSizes { weightVector[s] *= 2 }
        let total = weightVector.reduce(0, +)
        weightVector = weightVector.map { $0 / total }

        var samplesLeft = Double(samples)
        var remaining = weightVector
        for size in 1...sizes {
            let paired = size <= pairedSizes
            let count = Self.binomial(m, size) * (paired ? 2 : 1)
            guard samplesLeft * remaining[size - 1] / count >= 1 - 1e-8 else { break }
            enumeratedSizes += 1
            samplesLeft -= count
            if remaining[size - 1] < 1 {
                let rest = 1 - remaining[size - 1]
                remaining = remaining.map { $0 / rest }
            }
            let weight = weightVector[size - 1] / Self.binomial(m, size) / (paired ? 2 : 1)
            Self.forEachCombination(m, size) { chosen in
                var mask = [Bool](repeating: false, count: m)
                for index in chosen { mask[index] = true }
                masks.append(mask)
                weights.append(weight)
                if paired {
                    masks.append(mask.map { !$0 })
                    weights.append(weight)
                }
            }
        }

        let fixed = masks.count
        var left = samples - fixed
        guard enumeratedSizes != sizes, left > 0 else { return }
        var drawWeights = weightVector
        for s in 0..<pairedSizes { drawWeights[s] /= 2 }
        drawWeights = Array(drawWeights[enumeratedSizes...])
        let drawTotal = drawWeights.reduce(0, +)
        drawWeights = drawWeights.map { $0 / drawTotal }
        var seen: [[Bool]: Int] = [:]
        var draws = 4 * left
        while left > 0 && draws > 0 {
            draws -= 1
            let size = Self.draw(drawWeights, &random) + enumeratedSizes + 1
            let mask = Self.randomCoalition(m, size: size, &random)
            let isNew: Bool
            if let previous = seen[mask] {
                weights[previous] += 1
                isNew = false
            } else {
                seen[mask] = masks.count
                masks.append(mask)
                weights.append(1)
                left -= 1
                isNew = true
            }
            if left > 0 && size <= pairedSizes {
                if isNew {
                    masks.append(mask.map { !$0 })
                    weights.append(1)
                    left -= 1
                } else {
                    weights[seen[mask]! + 1] += 1
                }
            }
        }
        let weightLeft = weightVector[enumeratedSizes...].reduce(0, +)
        let sampledTotal = weights[fixed...].reduce(0, +)
        for index in fixed..<weights.count { weights[index] *= weightLeft / sampledTotal }
    }

    // MARK: - Helpers

    /// C(n, k) as a Double (scipy's `binom`).
    static func binomial(_ n: Int, _ k: Int) -> Double {
        var result = 1.0
        for i in 0..<k { result = result * Double(n - i) / Double(i + 1) }
        return result.rounded()
    }

    /// Calls `body` with every k-subset of 0..<n in lexicographic order (itertools.combinations).
    static func forEachCombination(_ n: Int, _ k: Int, _ body: ([Int]) -> Void) {
        var chosen = Array(0..<k)
        while true {
            body(chosen)
            var i = k - 1
            while i >= 0 && chosen[i] == n - k + i { i -= 1 }
            guard i >= 0 else { return }
            chosen[i] += 1
            for j in (i + 1)..<k { chosen[j] = chosen[j - 1] + 1 }
        }
    }

    /// An index drawn with the given probabilities.
    static func draw(_ probabilities: [Double], _ random: inout SeededRandom) -> Int {
        let u = random.nextDouble()
        var cumulative = 0.0
        for (index, p) in probabilities.enumerated() {
            cumulative += p
            if u < cumulative { return index }
        }
        return probabilities.count - 1
    }

    /// A uniform coalition of `size` features out of `m` (partial Fisher–Yates).
    static func randomCoalition(_ m: Int, size: Int, _ random: inout SeededRandom) -> [Bool] {
        var order = Array(0..<m)
        var mask = [Bool](repeating: false, count: m)
        for i in 0..<size {
            let j = i + random.nextInt(below: m - i)
            order.swapAt(i, j)
            mask[order[i]] = true
        }
        return mask
    }
}
