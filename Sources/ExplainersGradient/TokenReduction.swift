// Per-token reductions of (T,C) gradient-shaped arrays to one score per token.
// T tokens, C channels.

/// How a gradient-based explainer turns a token's C-vector into one score.
enum TokenReduction {
    /// √Σ v², per token.
    static func l2Norm(_ values: [Float], tokens t: Int, channels c: Int) -> [Float] {   // (T,C)
        (0..<t).map { token in
            var total: Double = 0
            for j in 0..<c { let v = Double(values[token * c + j]); total += v * v }
            return Float(total.squareRoot())
        }
    }

    /// Σ |v|, per token.
    static func absoluteSum(_ values: [Float], tokens t: Int, channels c: Int) -> [Float] {   // (T,C)
        (0..<t).map { token in
            var total: Double = 0
            for j in 0..<c { total += Double(abs(values[token * c + j])) }
            return Float(total)
        }
    }

    /// Σ a ⊙ b, per token (signed).
    static func dotProducts(_ a: [Float], _ b: [Float], tokens t: Int, channels c: Int) -> [Float] {   // (T,C), (T,C)
        (0..<t).map { token in
            var total: Double = 0
            for j in 0..<c { total += Double(a[token * c + j]) * Double(b[token * c + j]) }
            return Float(total)
        }
    }
}
