import Foundation

/// Solutions of A·x = b for a symmetric positive semi-definite A (n,n), in Double: Cholesky when A is
/// positive definite, else the pseudo-inverse from a cyclic Jacobi eigen-decomposition (numpy's `pinv`,
/// which shap's KernelExplainer falls back to on a singular system). The caller records which was used.
enum SymmetricSolve {
    /// x with A·x = b; `pseudoInverse` says the Cholesky factorisation failed and pinv(A)·b was returned.
    static func solve(_ a: [Double], n: Int, _ b: [Double]) -> (x: [Double], pseudoInverse: Bool) {
        precondition(a.count == n * n && b.count == n, "SymmetricSolve: shapes")
        if let x = cholesky(a, n: n, b) { return (x, false) }
        return (pseudoInverse(a, n: n, b), true)
    }

    /// Cholesky solve, or nil when a pivot is not positive (relative to the largest diagonal entry).
    static func cholesky(_ a: [Double], n: Int, _ b: [Double]) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)  // (n,n) lower triangle
        let scale = (0..<n).map { a[$0 * n + $0] }.max() ?? 0
        let floor = max(scale, .leastNormalMagnitude) * 1e-13
        for j in 0..<n {
            var diagonal = a[j * n + j]
            for k in 0..<j { diagonal -= l[j * n + k] * l[j * n + k] }
            guard diagonal > floor else { return nil }
            let root = diagonal.squareRoot()
            l[j * n + j] = root
            for i in (j + 1)..<max(j + 1, n) {
                var value = a[i * n + j]
                for k in 0..<j { value -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = value / root
            }
        }
        var y = b
        for i in 0..<n {
            for k in 0..<i { y[i] -= l[i * n + k] * y[k] }
            y[i] /= l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(i + 1, n) { y[i] -= l[k * n + i] * y[k] }
            y[i] /= l[i * n + i]
        }
        return y
    }

    /// pinv(A)·b from A = V·Λ·Vᵀ, dropping eigenvalues below 1e-15 · n · max|λ| (numpy's cutoff scaled by n).
    static func pseudoInverse(_ matrix: [Double], n: Int, _ b: [Double]) -> [Double] {
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<max(p + 1, n) { off += a[p * n + q] * a[p * n + q] } }
            if off <= 1e-30 * max(1, (0..<n).reduce(0.0) { $0 + a[$1 * n + $1] * a[$1 * n + $1] }) { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) where a[p * n + q] != 0 {
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let eigenvalues = (0..<n).map { a[$0 * n + $0] }
        let cutoff = 1e-15 * Double(n) * (eigenvalues.map(abs).max() ?? 0)
        var x = [Double](repeating: 0, count: n)
        for k in 0..<n where abs(eigenvalues[k]) > cutoff {
            var projection = 0.0
            for i in 0..<n { projection += v[i * n + k] * b[i] }
            projection /= eigenvalues[k]
            for i in 0..<n { x[i] += v[i * n + k] * projection }
        }
        return x
    }
}
