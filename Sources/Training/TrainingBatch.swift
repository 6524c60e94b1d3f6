/// A padded mini-batch of token id rows with their class labels. B batch, T tokens.
public struct TrainingBatch: Sendable, Equatable {
    /// Examples in the batch.
    public let batchSize: Int
    /// The padded length (the longest row).
    public let length: Int
    /// Token ids (B·T), `padID` after each row's end.
    public let ids: [Int32]
    /// 1 for a real token, 0 for padding (B·T).
    public let keyMask: [Float]
    /// The class of each row (B).
    public let labels: [Int32]

    /// Pads `rows` on the right with `padID` to the longest row.
    public init(rows: [[Int32]], labels: [Int], padID: Int32) {
        precondition(!rows.isEmpty && rows.count == labels.count, "TrainingBatch: one label per non-empty row")
        let length = rows.map(\.count).max()!
        var ids: [Int32] = [], mask: [Float] = []
        ids.reserveCapacity(rows.count * length)
        for row in rows {
            ids += row + [Int32](repeating: padID, count: length - row.count)
            mask += [Float](repeating: 1, count: row.count) + [Float](repeating: 0, count: length - row.count)
        }
        self.batchSize = rows.count
        self.length = length
        self.ids = ids
        self.keyMask = mask
        self.labels = labels.map(Int32.init)
    }
}

/// Dropout probabilities during training (BERT's `hidden_dropout_prob` and
/// `attention_probs_dropout_prob`); zero disables dropout (evaluation, gradient checks).
public struct DropoutRates: Sendable, Equatable, Codable {
    /// After the embeddings, each attention output and feed-forward output, and on the pooled
    /// [CLS] vector before the classifier. Default 0.1.
    public var hidden: Float
    /// On the attention probabilities. Default 0.1.
    public var attention: Float

    /// Rates; BERT's defaults are 0.1 and 0.1.
    public init(hidden: Float = 0.1, attention: Float = 0.1) {
        self.hidden = hidden
        self.attention = attention
    }

    /// No dropout.
    public static let none = DropoutRates(hidden: 0, attention: 0)

    enum CodingKeys: String, CodingKey {
        case hidden = "hidden_dropout", attention = "attention_dropout"
    }
}
