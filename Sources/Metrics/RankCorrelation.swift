/// Rank correlations between two score vectors, as scipy.stats computes them.
///
/// - `kendallTauB` follows `scipy.stats.kendalltau` (variant "b", ties adjusted in both vectors).
/// - `spearmanRho` follows `scipy.stats.spearmanr`: the Pearson correlation of the average ranks.
/// Both return `nil` where scipy returns NaN: fewer than two values, or a constant vector.
public enum RankCorrelation {
    /// Kendall's τ-b between `x` and `y` (equal lengths), O(n²): attribution vectors are short.
    public static func kendallTauB(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "kendallTauB: lengths differ (\(x.count) vs \(y.count))")
        let n = x.count
        guard n >= 2 else { return nil }
        var concordant = 0.0, discordant = 0.0, tiesXOnly = 0.0, tiesYOnly = 0.0
        for i in 0..<(n - 1) {
            for j in (i + 1)..<n {
                let dx = x[i] - x[j], dy = y[i] - y[j]
                if dx == 0 && dy == 0 { continue }
                if dx == 0 { tiesXOnly += 1; continue }
                if dy == 0 { tiesYOnly += 1; continue }
                if (dx > 0) == (dy > 0) { concordant += 1 } else { discordant += 1 }
            }
        }
        let denominator = ((concordant + discordant + tiesXOnly) * (concordant + discordant + tiesYOnly)).squareRoot()
        guard denominator > 0 else { return nil }
        return min(1, max(-1, (concordant - discordant) / denominator))
    }

    /// Spearman's ρ between `x` and `y`: Pearson's r of their average ranks (ties share the mean rank).
    public static func spearmanRho(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "spearmanRho: lengths differ (\(x.count) vs \(y.count))")
        guard x.count >= 2 else { return nil }
        return pearson(averageRanks(x), averageRanks(y))
    }

    /// Pearson's correlation coefficient; `nil` when either vector is constant.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "pearson: lengths differ (\(x.count) vs \(y.count))")
        let n = Double(x.count)
        guard x.count >= 2 else { return nil }
        let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            let dx = x[i] - meanX, dy = y[i] - meanY
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return nil }
        return min(1, max(-1, sxy / (sxx * syy).squareRoot()))
    }

    /// The 1-based ranks of `values`, ties given the mean of the ranks they span (scipy's "average").
    public static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let mean = Double(start + end) / 2 + 1
            for k in start...end { ranks[order[k]] = mean }
            start = end + 1
        }
        return ranks
    }
}
