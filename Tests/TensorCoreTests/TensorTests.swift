import Testing
@testable import TensorCore

@Suite struct TensorTests {
    @Test func shapeAndCount() {
        let t = Tensor(shape: [2, 3], repeating: 1.5)
        #expect(t.count == 6)
        #expect(t.rank == 2)
        #expect(t.storage.allSatisfy { $0 == 1.5 })
    }

    @Test func reshapeKeepsValues() {
        let t = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let r = t.reshaped([3, 2])
        #expect(r.shape == [3, 2])
        #expect(r.storage == t.storage)
    }
}
