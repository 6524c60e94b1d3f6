import Foundation
import Testing
@testable import TensorCore

/// The vectorised exp and normal CDF against Foundation in Double, over their whole useful range.
@Suite struct VectorMathTests {
    @Test func expIsWithinTwoUlps() {
        var worst: Float = 0
        var x: Float = -87
        while x < 88 {
            let lanes = SIMD8<Float>((0..<8).map { x + Float($0) * 0.0137 })
            let fast = vectorExp(lanes)
            for k in 0..<8 {
                let exact = Float(Foundation.exp(Double(lanes[k])))
                worst = max(worst, abs(fast[k] - exact) / exact.ulp)
            }
            x += 0.173
        }
        #expect(worst <= 2, "worst error \(worst) ulp")
        #expect(vectorExp(SIMD8(repeating: -200)) == SIMD8(repeating: 0))
    }

    @Test func normalCDFIsWithinThreeTenMillionths() {
        var worst = 0.0
        var x: Float = -12
        while x < 12 {
            let lanes = SIMD8<Float>((0..<8).map { x + Float($0) * 0.0031 })
            let fast = vectorNormalCDF(lanes)
            for k in 0..<8 {
                let exact = 0.5 * Foundation.erfc(-Double(lanes[k]) / 2.0.squareRoot())
                worst = max(worst, abs(Double(fast[k]) - exact))
            }
            x += 0.0251
        }
        #expect(worst < 3e-7, "worst absolute error \(worst)")
    }

    @Test func sumAndMaxCoverEveryLane() {
        for count in [1, 7, 8, 9, 33] {
            let values = (0..<count).map { Float($0) - 3.5 }
            #expect(vectorSum(values, count: count) == values.reduce(0, +))
            #expect(vectorMax(values, count: count) == values.max())
        }
    }
}
