/// L1-regularised least squares as scikit-learn's `Lasso` solves it, for ContextCite's surrogate:
/// minimise 1/(2n) · ‖y − Xw − b‖² + α · ‖w‖₁ by cyclic coordinate descent (`cd_fast.enet_coordinate_descent`)
/// with an intercept (X and y centred first), stopping when the duality gap falls below tol · ‖y‖²
/// (checked when the largest coordinate step is small relative to the largest weight), at most
/// `maxIterations` sweeps.
///
/// N rows (ablations), P columns (sources).
public enum Lasso {
    /// The fitted model.
    public struct Fit: Sendable, Equatable {
        /// Weights (P).
        public var weights: [Double]
        /// Intercept.
        public var intercept: Double
        /// Sweeps run.
        public var iterations: Int
    }

    /// Fits `x` (N, P; row-major) to `y` (N).
    public static func fit(x: [Double], y: [Double], alpha: Double, tolerance: Double = 1e-4, maxIterations: Int = 1000) -> Fit {
        let n = y.count
        precondition(n > 0 && x.count % n == 0, "Lasso: \(x.count) values for \(n) rows")
        let p = x.count / n
        var columnMeans = [Double](repeating: 0, count: p)
        for row in 0..<n { for j in 0..<p { columnMeans[j] += x[row * p + j] / Double(n) } }
        let yMean = y.reduce(0, +) / Double(n)
        // Column-major centred X, so a coordinate's column is contiguous.
        var columns = [[Double]](repeating: [Double](repeating: 0, count: n), count: p)
        for row in 0..<n { for j in 0..<p { columns[j][row] = x[row * p + j] - columnMeans[j] } }
        let centredY = y.map { $0 - yMean }
        let norms = columns.map { $0.reduce(0) { $0 + $1 * $1 } }
        var w = [Double](repeating: 0, count: p)
        var residual = centredY
        let penalty = alpha * Double(n)
        let tol = tolerance * centredY.reduce(0) { $0 + $1 * $1 }
        var sweeps = 0
        for sweep in 0..<maxIterations {
            sweeps = sweep + 1
            var maxStep = 0.0, maxWeight = 0.0
            for j in 0..<p where norms[j] > 0 {
                let old = w[j]
                if old != 0 { for i in 0..<n { residual[i] += old * columns[j][i] } }
                var rho = 0.0
                for i in 0..<n { rho += columns[j][i] * residual[i] }
                let shrunk = max(abs(rho) - penalty, 0)
                w[j] = rho < 0 ? -shrunk / norms[j] : shrunk / norms[j]
                if w[j] != 0 { for i in 0..<n { residual[i] -= w[j] * columns[j][i] } }
                maxStep = max(maxStep, abs(w[j] - old))
                maxWeight = max(maxWeight, abs(w[j]))
            }
            if maxWeight == 0 || maxStep / maxWeight < tolerance || sweep == maxIterations - 1 {
                if dualityGap(columns: columns, residual: residual, y: centredY, w: w, penalty: penalty) < tol { break }
            }
        }
        let intercept = yMean - zip(columnMeans, w).reduce(0) { $0 + $1.0 * $1.1 }
        return Fit(weights: w, intercept: intercept, iterations: sweeps)
    }

    /// The duality gap of the Lasso at `w` (scikit-learn's, with the penalty α·n on the unscaled objective).
    static func dualityGap(columns: [[Double]], residual: [Double], y: [Double], w: [Double], penalty: Double) -> Double {
        var dualNorm = 0.0
        for column in columns { dualNorm = max(dualNorm, abs(zip(column, residual).reduce(0) { $0 + $1.0 * $1.1 })) }
        let rNorm2 = residual.reduce(0) { $0 + $1 * $1 }
        let wNorm1 = w.reduce(0) { $0 + abs($1) }
        let scale = dualNorm > penalty ? penalty / dualNorm : 1
        let ry = zip(residual, y).reduce(0) { $0 + $1.0 * $1.1 }
        return 0.5 * rNorm2 * (1 + scale * scale) + penalty * wNorm1 - scale * ry
    }
}
