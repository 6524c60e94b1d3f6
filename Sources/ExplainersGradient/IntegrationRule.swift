import Foundation

/// How integrated gradients approximates the path integral ∫₀¹ ∂f(b + α(x − b))/∂x dα: Captum's
/// `approximation_methods` (`gausslegendre`, `riemann_left`, `riemann_right`, `riemann_middle`,
/// `riemann_trapezoid`), with the same nodes α and weights w for n steps.
public enum IntegrationRule: String, Sendable, Codable, CaseIterable {
    /// Gauss-Legendre on [0, 1]: α = (1 + xᵢ)/2, w = wᵢ/2 for the Legendre nodes xᵢ and weights wᵢ
    /// (`numpy.polynomial.legendre.leggauss`); Captum's default.
    case gaussLegendre = "gauss-legendre"
    /// α = 0, 1/n, …, 1 − 1/n; w = 1/n.
    case riemannLeft = "riemann-left"
    /// α = 1/n, …, 1; w = 1/n.
    case riemannRight = "riemann-right"
    /// α = 1/(2n), …, 1 − 1/(2n); w = 1/n.
    case riemannMiddle = "riemann-middle"
    /// α = linspace(0, 1, n); w = 1/n with the two ends halved (exactly as Captum writes it).
    case riemannTrapezoid = "riemann-trapezoid"

    /// The nodes α and weights w for `steps` steps (Gauss-Legendre needs ≥ 1, the Riemann rules ≥ 2, as in Captum).
    public func nodes(steps n: Int) -> (alphas: [Double], weights: [Double]) {
        precondition(n >= (self == .gaussLegendre ? 1 : 2), "IntegrationRule: \(n) steps for \(rawValue)")
        let uniform = [Double](repeating: 1 / Double(n), count: n)
        func linspace(_ from: Double, _ to: Double) -> [Double] {
            n == 1 ? [from] : (0..<n).map { from + (to - from) * Double($0) / Double(n - 1) }
        }
        switch self {
        case .gaussLegendre:
            let (x, w) = Self.legendre(n)
            return (x.map { 0.5 * (1 + $0) }, w.map { 0.5 * $0 })
        case .riemannLeft: return (linspace(0, 1 - 1 / Double(n)), uniform)
        case .riemannRight: return (linspace(1 / Double(n), 1), uniform)
        case .riemannMiddle: return (linspace(1 / (2 * Double(n)), 1 - 1 / (2 * Double(n))), uniform)
        case .riemannTrapezoid:
            var weights = uniform
            weights[0] /= 2
            weights[n - 1] /= 2
            return (linspace(0, 1), weights)
        }
    }

    /// Gauss-Legendre nodes on [−1, 1] in ascending order and their weights, by Newton's method on
    /// Pₙ from Chebyshev-like starting points (converged to double precision).
    static func legendre(_ n: Int) -> (nodes: [Double], weights: [Double]) {
        var nodes = [Double](repeating: 0, count: n), weights = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var x = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                // P₀ … Pₙ by the three-term recurrence; P'ₙ = n(x Pₙ − Pₙ₋₁)/(x² − 1).
                var p0 = 1.0, p1 = x
                if n >= 2 {
                    for k in 2...n {
                        let p2 = ((2 * Double(k) - 1) * x * p1 - (Double(k) - 1) * p0) / Double(k)
                        p0 = p1
                        p1 = p2
                    }
                }
                let (pn, pn1) = (p1, p0)
                derivative = Double(n) * (x * pn - pn1) / (x * x - 1)
                let step = pn / derivative
                x -= step
                if abs(step) < 1e-16 { break }
            }
            nodes[n - 1 - i] = x
            weights[n - 1 - i] = 2 / ((1 - x * x) * derivative * derivative)
        }
        return (nodes, weights)
    }
}
