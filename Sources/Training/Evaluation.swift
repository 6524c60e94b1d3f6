import TensorCore
import TransformerCore

/// Predictions of a classifier on tokenised rows, through the inference forward pass.
public enum Evaluation {
    /// The arg-max class of every row, in `rows` order; rows run in length-sorted batches of `batchSize`.
    public static func predict(_ model: BertModel, rows: [[Int32]], batchSize: Int = 64) throws -> [Int] {
        let order = rows.indices.sorted { (rows[$0].count, $0) < (rows[$1].count, $1) }
        var predictions = [Int](repeating: 0, count: rows.count)
        var start = 0
        while start < order.count {
            let slice = Array(order[start..<min(order.count, start + batchSize)])
            let output = try model.forward(BertBatch(sequences: slice.map { rows[$0] }, padID: model.tokenizer.padID))
            guard let logits = output.logits else {
                throw TrainingError.invalidData("\(model.folder) has no classifier head to predict with")
            }
            let labels = logits.shape[1]
            for (r, index) in slice.enumerated() {
                let row = logits.storage[(r * labels)..<((r + 1) * labels)]
                predictions[index] = row.indices.max { row[$0] < row[$1] }! - r * labels
            }
            start += batchSize
        }
        return predictions
    }
}
