import NumericTestKit
@testable import TensorCore

/// Shapes every kernel test runs over: odd sizes, length 1, and a few realistic ones.
let rowColumnShapes: [(Int, Int)] = [(1, 1), (1, 7), (3, 5), (4, 16), (7, 33), (2, 384)]

extension Array where Element == Double {
    /// The values as Float, for the fast kernels.
    var floats: [Float] { map(Float.init) }
}

extension Array where Element == Float {
    /// The values as Double, for comparisons.
    var doubles: [Double] { map(Double.init) }
}

/// Runs a fast kernel that writes `count` outputs.
func output(_ count: Int, _ body: (UnsafeMutablePointer<Float>) -> Void) -> [Float] {
    var out = [Float](repeating: .nan, count: count)
    out.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    return out
}

/// Runs a fast backward kernel that accumulates into `initial`.
func accumulate(_ initial: [Float], _ body: (UnsafeMutablePointer<Float>) -> Void) -> [Float] {
    var out = initial
    out.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    return out
}

/// The gradient accumulated on top of `initial`, minus `initial`: what the kernel added.
func added(_ result: [Float], _ initial: [Float]) -> [Double] {
    zip(result, initial).map { Double($0) - Double($1) }
}

/// Tolerances for a Float backward against a Double finite difference.
let gradientTolerance = (atol: 2e-4, rtol: 2e-3)
