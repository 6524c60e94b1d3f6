/// A dense, row-major Float32 tensor: a shape and a contiguous buffer of `shape.product` values.
///
/// `Tensor` is a value type with copy-on-write storage (`[Float]`). Kernels never take a `Tensor`;
/// they are free functions on raw buffers (see `Kernels/`), and a `Tensor` hands them its storage
/// through `withUnsafeBufferPointer` / `withUnsafeMutableBufferPointer`.
public struct Tensor: Sendable, Equatable {
    /// The extent of each dimension, outermost first.
    public let shape: [Int]
    /// The values in row-major order.
    public var storage: [Float]

    /// A tensor of the given shape filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in \(shape)")
        self.shape = shape
        self.storage = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor of the given shape over existing values; `values.count` must equal the shape's product.
    public init(shape: [Int], values: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in \(shape)")
        precondition(shape.reduce(1, *) == values.count,
                     "Tensor: shape \(shape) needs \(shape.reduce(1, *)) values, got \(values.count)")
        self.shape = shape
        self.storage = values
    }

    /// The number of values.
    public var count: Int { storage.count }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// The same values under another shape with the same number of elements.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, values: storage)
    }

    /// Read-only access to the contiguous values.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Mutable access to the contiguous values.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer(body)
    }
}

extension Array where Element == Float {
    /// `count` floats left unset, for an output buffer that a kernel overwrites in full (skips the
    /// zero-fill that `init(repeating:count:)` pays on every activation of every forward pass).
    /// An empty request gives `[]`: the standard library's uninitialised-capacity initializer writes the
    /// count even into the process-wide empty-array storage, a data race between threads (ThreadSanitizer).
    @inlinable
    public init(overwrittenCount count: Int) {
        guard count > 0 else {
            self = []
            return
        }
        self.init(unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }
}
