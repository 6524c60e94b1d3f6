/// The weighted normal equations of a linear model over binary rows (0/1 masks), accumulated without
/// forming the design matrix: Σ w·z·zᵀ, Σ w·y·z, Σ w·z, Σ w, Σ w·y, in Double.
///
/// A row with more ones than zeros is stored by its zeros c = 1 − z (z·zᵀ = 11ᵀ − 1cᵀ − c1ᵀ + c·cᵀ), so
/// adding a row costs min(k, M − k)² for k kept features — KernelSHAP's samples sit at both extremes.
/// M features.
struct BinaryDesign {
    /// Features.
    let m: Int
    private var keptGram: [Double]          // (M,M) upper triangle, rows stored by their ones
    private var removedGram: [Double]       // (M,M) upper triangle, rows stored by their zeros
    private var keptSum: [Double]           // (M) Σ w z over rows stored by their ones
    private var keptValueSum: [Double]      // (M) Σ w y z over rows stored by their ones
    private var removedSum: [Double]        // (M) Σ w c over rows stored by their zeros
    private var removedValueSum: [Double]   // (M) Σ w y c over rows stored by their zeros
    private var removedWeight = 0.0, removedWeightedValue = 0.0
    /// Σ w over all rows.
    private(set) var weightSum = 0.0
    /// Σ w·y over all rows.
    private(set) var weightedValueSum = 0.0

    /// An empty design over `m` features.
    init(features m: Int) {
        self.m = m
        keptGram = [Double](repeating: 0, count: m * m)
        removedGram = keptGram
        keptSum = [Double](repeating: 0, count: m)
        keptValueSum = keptSum
        removedSum = keptSum
        removedValueSum = keptSum
    }

    /// Adds row `z` with weight `w` and response `y`.
    mutating func add(_ z: [Bool], weight w: Double, value y: Double) {
        precondition(z.count == m, "BinaryDesign: a row has \(z.count) entries for \(m) features")
        weightSum += w
        weightedValueSum += w * y
        let kept = z.indices.filter { z[$0] }
        if kept.count * 2 <= m {
            accumulate(kept, gram: &keptGram, sum: &keptSum, valueSum: &keptValueSum, w: w, y: y)
        } else {
            removedWeight += w
            removedWeightedValue += w * y
            accumulate(z.indices.filter { !z[$0] }, gram: &removedGram, sum: &removedSum, valueSum: &removedValueSum, w: w, y: y)
        }
    }

    private func accumulate(_ indices: [Int], gram: inout [Double], sum: inout [Double], valueSum: inout [Double],
                            w: Double, y: Double) {
        for (position, a) in indices.enumerated() {
            sum[a] += w
            valueSum[a] += w * y
            for b in indices[position...] { gram[a * m + b] += w }
        }
    }

    /// Σ w·z·zᵀ (M,M), symmetric.
    func gram() -> [Double] {
        var g = [Double](repeating: 0, count: m * m)
        for a in 0..<m {
            for b in a..<m {
                let value = keptGram[a * m + b] + removedWeight - removedSum[a] - removedSum[b] + removedGram[a * m + b]
                g[a * m + b] = value
                g[b * m + a] = value
            }
        }
        return g
    }

    /// Σ w·y·z (M).
    func weightedValues() -> [Double] {
        (0..<m).map { keptValueSum[$0] + removedWeightedValue - removedValueSum[$0] }
    }

    /// Σ w·z (M).
    func weightedFeatures() -> [Double] {
        (0..<m).map { keptSum[$0] + removedWeight - removedSum[$0] }
    }
}
