/// Central finite differences in Double, the check every backward pass is held to.
public enum FiniteDifferences {
    /// ∂f/∂xᵢ ≈ (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h for every i.
    public static func gradient(of f: ([Double]) -> Double, at x: [Double], step h: Double = 1e-6) -> [Double] {
        var point = x
        return x.indices.map { i in
            point[i] = x[i] + h
            let plus = f(point)
            point[i] = x[i] - h
            let minus = f(point)
            point[i] = x[i]
            return (plus - minus) / (2 * h)
        }
    }

    /// The scalar ⟨weights, y⟩ that turns a vector-valued function into one a gradient can be taken of.
    public static func dot(_ weights: [Double], _ y: [Double]) -> Double {
        precondition(weights.count == y.count, "dot: lengths differ (\(weights.count) vs \(y.count))")
        return zip(weights, y).reduce(0) { $0 + $1.0 * $1.1 }
    }
}

/// Seeded random test data.
public struct TestData {
    private var state: UInt64

    /// A stream fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next value uniform in [−1, 1).
    public mutating func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) * 0x1.0p-52 - 1
    }

    /// `count` values uniform in [−scale, scale), rounded to Float so that Float and Double runs see
    /// exactly the same inputs.
    public mutating func values(_ count: Int, scale: Double = 1) -> [Double] {
        (0..<count).map { _ in Double(Float(uniform() * scale)) }
    }
}
