import Testing

/// The largest element-wise difference between two arrays, and where it is.
public struct Closeness: Sendable, CustomStringConvertible {
    /// Whether every element passed |a − e| ≤ atol + rtol·|e| (and the lengths match).
    public let passed: Bool
    /// The largest absolute difference.
    public let maxAbsoluteDifference: Double
    /// The largest relative difference |a − e| / max(|e|, tiny).
    public let maxRelativeDifference: Double
    /// The index of the worst element (by the tolerance's margin).
    public let worstIndex: Int
    /// The worst element's actual and expected values.
    public let worstActual: Double, worstExpected: Double
    /// How many elements were compared.
    public let count: Int

    public var description: String {
        "max |Δ| = \(maxAbsoluteDifference), max rel = \(maxRelativeDifference), worst at [\(worstIndex)]: "
            + "actual \(worstActual) vs expected \(worstExpected) (\(count) values)"
    }
}

/// Compares `actual` with `expected` element-wise: |a − e| ≤ atol + rtol·|e| (numpy's `allclose`).
public func closeness<A: BinaryFloatingPoint, E: BinaryFloatingPoint>(_ actual: [A], _ expected: [E],
                                                                      atol: Double, rtol: Double = 0) -> Closeness {
    guard actual.count == expected.count else {
        return Closeness(passed: false, maxAbsoluteDifference: .infinity, maxRelativeDifference: .infinity,
                         worstIndex: -1, worstActual: Double(actual.count), worstExpected: Double(expected.count),
                         count: min(actual.count, expected.count))
    }
    var passed = true, maxAbs = 0.0, maxRel = 0.0, worst = 0, worstMargin = -Double.infinity
    for i in actual.indices {
        let a = Double(actual[i]), e = Double(expected[i])
        let difference = abs(a - e)
        if !(difference <= atol + rtol * abs(e)) { passed = false }
        let margin = a.isFinite ? difference - (atol + rtol * abs(e)) : .infinity
        if margin > worstMargin { worstMargin = margin; worst = i }
        maxAbs = max(maxAbs, a.isFinite ? difference : .infinity)
        maxRel = max(maxRel, difference / max(abs(e), 1e-30))
    }
    return Closeness(passed: passed, maxAbsoluteDifference: maxAbs, maxRelativeDifference: maxRel,
                     worstIndex: worst, worstActual: actual.isEmpty ? 0 : Double(actual[worst]),
                     worstExpected: expected.isEmpty ? 0 : Double(expected[worst]), count: actual.count)
}

/// Records a test issue naming the worst element unless `actual` is close to `expected`.
public func assertClose<A: BinaryFloatingPoint, E: BinaryFloatingPoint>(
    _ actual: [A], _ expected: [E], atol: Double, rtol: Double = 0, _ what: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let result = closeness(actual, expected, atol: atol, rtol: rtol)
    if !result.passed {
        Issue.record("\(what.isEmpty ? "" : what + ": ")not close (atol \(atol), rtol \(rtol)): \(result)",
                     sourceLocation: sourceLocation)
    }
}
