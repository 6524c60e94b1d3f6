/// Everything that decides a fine-tune's result besides the base model and the data; part of the
/// cache key. The defaults cost about 6,000 CPU-seconds for the four encoder tasks, under an hour on 2
/// cores (measured user time: CoLA 715 s, SST-2 1,197 s, HateXplain 1,128 s; ERASER Movies 1,422 s at
/// 128 tokens, so about twice that at its default 256).
public struct FineTuneSettings: Sendable, Equatable, Codable {
    /// Passes over the training split. Default 2.
    public var epochs: Int = 2
    /// Examples per optimizer step. Default 32.
    public var batchSize: Int = 32
    /// Longest input in WordPiece tokens including [CLS] and [SEP]; longer inputs keep their first
    /// `maxLength − 2` pieces (head truncation, as HF's `truncation=True`). Default 128.
    public var maxLength: Int = 128
    /// The seed of the head initialisation, the batch plan and every dropout mask. Default 0.
    public var seed: UInt64 = 0
    /// The optimizer and its schedule.
    public var optimizer = AdamW.Settings()
    /// Dropout rates (BERT's 0.1 and 0.1).
    public var dropout = DropoutRates()
    /// Batches per length-sorted pool (see `LengthBuckets`). Default 50.
    public var poolBatches: Int = 50
    /// Save a resumable state every this many steps (and at each epoch's end). Default 200.
    public var checkpointEvery: Int = 200

    /// The defaults, with another maximum length.
    public init(maxLength: Int = 128) {
        self.maxLength = maxLength
    }

    /// The per-task defaults: 256 tokens for ERASER Movies (long reviews), 128 otherwise.
    public static func defaults(task: String) -> FineTuneSettings {
        FineTuneSettings(maxLength: task == "movies" ? 256 : 128)
    }

    /// Checks the values can train.
    public func validate(maxPositions: Int) throws {
        guard epochs >= 1 else { throw TrainingError.invalidSettings(field: "epochs", reason: "must be at least 1, found \(epochs)") }
        guard batchSize >= 1 else { throw TrainingError.invalidSettings(field: "batch_size", reason: "must be at least 1, found \(batchSize)") }
        guard maxLength >= 3 && maxLength <= maxPositions else {
            throw TrainingError.invalidSettings(field: "max_length", reason: "must be in 3...\(maxPositions) (the model's positions), found \(maxLength)")
        }
        guard optimizer.learningRate > 0 && optimizer.learningRate < 1 else {
            throw TrainingError.invalidSettings(field: "learning_rate", reason: "must be in (0, 1), found \(optimizer.learningRate)")
        }
        guard dropout.hidden >= 0 && dropout.hidden < 1 && dropout.attention >= 0 && dropout.attention < 1 else {
            throw TrainingError.invalidSettings(field: "dropout", reason: "rates must be in [0, 1)")
        }
        guard checkpointEvery >= 1 && poolBatches >= 1 else {
            throw TrainingError.invalidSettings(field: "checkpoint_every", reason: "and pool_batches must be at least 1")
        }
    }

    enum CodingKeys: String, CodingKey {
        case epochs, batchSize = "batch_size", maxLength = "max_length", seed, optimizer, dropout
        case poolBatches = "pool_batches", checkpointEvery = "checkpoint_every"
    }
}
