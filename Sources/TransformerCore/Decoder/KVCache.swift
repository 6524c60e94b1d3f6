/// Keys and values of the positions a decoder has seen, per layer, so later tokens attend to them
/// without recomputing them. Rows are positions; each row holds every KV head: (T, KVH·D).
public struct KVCache: Sendable {
    /// Keys per layer, rope already applied.
    var keys: [[Float]]
    /// Values per layer.
    var values: [[Float]]
    /// Positions stored.
    public private(set) var count = 0
    /// Floats per row (KVH·D).
    let rowSize: Int

    /// An empty cache for `config`.
    public init(config: LlamaConfig) {
        rowSize = config.kvHeads * config.headDim
        keys = Array(repeating: [], count: config.layers)
        values = Array(repeating: [], count: config.layers)
    }

    /// Appends `rows` new positions to layer `layer`.
    mutating func append(layer: Int, keys newKeys: [Float], values newValues: [Float]) {
        keys[layer] += newKeys
        values[layer] += newValues
    }

    /// Marks `rows` positions as added to every layer.
    mutating func advance(by rows: Int) {
        count += rows
    }
}
