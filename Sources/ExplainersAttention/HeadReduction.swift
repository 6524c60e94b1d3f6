import TensorCore

/// How attention heads are combined into one attention matrix.
public enum HeadReduction: String, Sendable, Codable, CaseIterable {
    /// The mean over heads (the usual choice; Abnar & Zuidema 2020).
    case mean
    /// The maximum over heads.
    case max

    /// (H,Q,K) → (Q,K), from `heads` stacked matrices of `rows × columns` starting at `offset`.
    public func reduce(_ values: [Float], offset: Int = 0, heads: Int, rows: Int, columns: Int) -> [Float] {
        let size = rows * columns
        var result = Array(values[offset..<(offset + size)])
        for head in 1..<Swift.max(heads, 1) {
            let start = offset + head * size
            for i in 0..<size {
                switch self {
                case .mean: result[i] += values[start + i]
                case .max: result[i] = Swift.max(result[i], values[start + i])
                }
            }
        }
        if self == .mean { for i in 0..<size { result[i] /= Float(heads) } }
        return result
    }
}
