import TensorCore

// Each layer's projection weights packed once for TensorCore's small-row kernel (`packedGemm`): the
// forward products x · Wᵀ and the backward products dOut · W. Packed on first use per direction, only
// when a pass has few enough rows to use them, so large-batch work never pays for the copies.

/// One layer's four projections, packed for one direction.
struct BertPackedLayer: Sendable {
    let qkv: PackedMatrix, attentionOutput: PackedMatrix, intermediate: PackedMatrix, output: PackedMatrix
}

/// The lazily packed projections of a model's layers; safe to share between threads.
final class BertPackedWeights: Sendable {
    private let forwardLayers = LockedValue<[BertPackedLayer]?>(nil)
    private let backwardLayers = LockedValue<[BertPackedLayer]?>(nil)

    /// Packed weights for a pass over `rows` rows, or nil when BLAS serves it better (or the CPU
    /// cannot run the packed kernel).
    static func useful(rows: Int) -> Bool { PackedMatrix.isAvailable && rows <= PackedMatrix.rowLimit }

    /// Weights for the forward products input · Wᵀ (K = in, N = out).
    func forward(_ layers: [BertLayerWeights]) -> [BertPackedLayer] { Self.packOnce(forwardLayers, layers, transposed: true) }

    /// Weights for the backward products dOut · W (K = out, N = in).
    func backward(_ layers: [BertLayerWeights]) -> [BertPackedLayer] { Self.packOnce(backwardLayers, layers, transposed: false) }

    private static func packOnce(_ cache: LockedValue<[BertPackedLayer]?>, _ layers: [BertLayerWeights],
                                 transposed: Bool) -> [BertPackedLayer] {
        cache.withLock { cached in
            if let cached { return cached }
            // One arena (on huge pages) for every layer's four matrices.
            let weights = layers.flatMap { [$0.qkvWeight, $0.attentionOutputWeight, $0.intermediateWeight, $0.outputWeight] }
            let floats = weights.map { packedShape($0, transposed: transposed) }.reduce(0) { $0 + PackedMatrix.floatCount(k: $1.k, n: $1.n) }
            let arena = PackedArena(floats: floats, matrices: weights.count)
            let packed = layers.map { pack($0, transposed: transposed, arena: arena) }
            cached = packed
            return packed
        }
    }

    /// The packed shape of a linear weight (out, in): K = in, N = out for the forward product, else swapped.
    private static func packedShape(_ weight: Tensor, transposed: Bool) -> (k: Int, n: Int) {
        transposed ? (weight.shape[1], weight.shape[0]) : (weight.shape[0], weight.shape[1])
    }

    private static func pack(_ layer: BertLayerWeights, transposed: Bool, arena: PackedArena) -> BertPackedLayer {
        func pack(_ weight: Tensor) -> PackedMatrix {
            let shape = packedShape(weight, transposed: transposed)
            return weight.storage.withUnsafeBufferPointer {
                PackedMatrix($0.baseAddress!, k: shape.k, n: shape.n, transposed: transposed, arena: arena)
            }
        }
        return BertPackedLayer(qkv: pack(layer.qkvWeight), attentionOutput: pack(layer.attentionOutputWeight),
                               intermediate: pack(layer.intermediateWeight), output: pack(layer.outputWeight))
    }
}
