import AttriJSON
import Datasets
import Foundation
import Logging
import TensorCore
import Training
import TransformerCore

/// One task's fine-tune from all-MiniLM-L6-v2 into `$ATTRIBENCH_HOME/finetuned/<task>`: the cache key
/// (base model, data files, settings, trainer version), the training run (resumable from
/// `<task>.state.safetensors`), the HF checkpoint, and `finetune.json` recording the key, the
/// settings and the scores on the task's evaluation split.
struct FineTuneJob {
    /// The record written beside the checkpoint.
    struct Record: Codable {
        var key: String
        var task: String
        var baseModel: String
        var codeVersion: String
        var settings: FineTuneSettings
        var trainExamples: Int
        var truncatedExamples: Int
        var truncationRule: String
        var evaluationSplit: String
        var scores: ClassificationScores
        var trainingSeconds: Double

        enum CodingKeys: String, CodingKey {
            case key, task, baseModel = "base_model", codeVersion = "code_version", settings
            case trainExamples = "train_examples", truncatedExamples = "truncated_examples"
            case truncationRule = "truncation_rule", evaluationSplit = "evaluation_split", scores
            case trainingSeconds = "training_seconds"
        }
    }

    let task: TaskDefinition
    let data: DataDirectory
    let settings: FineTuneSettings
    var baseModel = ModelLocations.baseEncoder
    private let logger = Logger(label: "attribench.finetune")

    init(task: TaskDefinition, data: DataDirectory, settings: FineTuneSettings) {
        self.task = task
        self.data = data
        self.settings = settings
    }

    /// The folder the checkpoint lives in.
    var folder: String { "\(ModelLocations.fineTuned)/\(task.id)" }
    var statePath: String { "\(ModelLocations.fineTuned)/\(task.id).state.safetensors" }
    static let trainSplit = "train"

    /// The split scores are reported on: the task's first split other than `train`.
    static func evaluationSplit(of task: TaskDefinition) throws -> String {
        guard let split = task.splits.first(where: { $0.name != trainSplit }) else {
            throw CommandFailure("task \(task.id) has no split besides \"train\" to evaluate on; add one to its definition")
        }
        return split.name
    }

    /// The head truncation rule, in words (recorded with the checkpoint).
    var truncationRule: String {
        "WordPiece head truncation: [CLS] + the first \(settings.maxLength - 2) pieces of the words + [SEP]"
    }

    /// The encoder of records and key parts: the types' own snake_case `CodingKeys`.
    static let encoder = JSONValueEncoder(keyStrategy: .useDefaultKeys)

    /// `value` as sorted, pretty JSON text.
    static func text<T: Encodable>(_ value: T) throws -> String {
        JSONWriter.string(try encoder.encode(value), style: .pretty, sortKeys: true)
    }

    /// The record in `path`, or nil when there is none or it cannot be read (it is then retrained).
    static func readRecord(_ path: String) -> Record? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try? JSONValueDecoder(keyStrategy: .useDefaultKeys, rejectUnknownKeys: false).decode(Record.self, fromFile: path)
    }

    /// The cache key: FNV-1a over the base model files, every data file of the task, the task
    /// definition, the settings and the trainer's code version.
    func key() throws -> String {
        var fingerprint = Fingerprint()
        fingerprint.add(FineTuner.codeVersion)
        for file in ["config.json", "model.safetensors", "vocab.txt"] {
            try fingerprint.add(file: "\(baseModel)/\(file)")
        }
        for file in Set(task.splits.map(\.file)).sorted() { try fingerprint.add(file: data.resolve(file)) }
        fingerprint.add(try Self.text(task))
        fingerprint.add(try Self.text(settings))
        return fingerprint.hex
    }

    /// The settings of the task's cached checkpoint (those an explicit `attribench finetune` chose),
    /// else the defaults: the benchmark reuses a classifier fine-tuned with other settings as long as
    /// its base model, data and trainer are unchanged, and retrains it with the same settings otherwise.
    static func cachedSettings(task: String) -> FineTuneSettings {
        let path = "\(ModelLocations.fineTuned)/\(task)/finetune.json"
        return readRecord(path)?.settings ?? .defaults(task: task)
    }

    /// The record of the cached checkpoint when it exists and was made under `key`.
    func cachedRecord(key: String) -> Record? {
        guard FileManager.default.fileExists(atPath: "\(folder)/model.safetensors"),
              let record = Self.readRecord("\(folder)/finetune.json"), record.key == key else { return nil }
        return record
    }

    /// Token rows and labels of `split`, encoded with `tokenizer` cut at `settings.maxLength`;
    /// also the number of examples the cut shortened.
    static func encode(task: TaskDefinition, split: String, data: DataDirectory, tokenizer: WordPieceTokenizer,
                       maxLength: Int) throws -> (rows: [[Int32]], labels: [Int], truncated: Int) {
        let (examples, _) = try DatasetLoader.load(task: task, split: split, dataDirectory: data)
        var cut = tokenizer
        cut.maximumLength = maxLength
        let encoded = examples.map { cut.encode(words: $0.words) }
        return (encoded.map(\.ids), examples.map(\.label), encoded.filter { $0.truncatedWords > 0 }.count)
    }

    /// Returns the cached record when it is current; otherwise trains, writes the checkpoint and
    /// returns the new record.
    func run(progress: (FineTuner.Progress) -> Void) throws -> Record {
        let key = try key()
        if let record = cachedRecord(key: key) {
            logger.info("fine-tuned classifier is current", metadata: ["folder": "\(folder)", "key": "\(key)"])
            return record
        }
        guard task.labelNames.count >= 2 else {
            throw CommandFailure("task \(task.id) is not a classification task (it has \(task.labelNames.count) labels); fine-tune sst2, hatexplain, movies or cola")
        }
        let base = try BertModel(folder: baseModel)
        let train = try Self.encode(task: task, split: Self.trainSplit, data: data, tokenizer: base.tokenizer,
                                    maxLength: settings.maxLength)
        logger.notice("fine-tuning", metadata: ["task": "\(task.id)", "examples": "\(train.rows.count)",
                                                "truncated": "\(train.truncated)", "key": "\(key)"])
        try FileManager.default.createDirectory(atPath: ModelLocations.fineTuned, withIntermediateDirectories: true)
        let start = Date()
        let initial = BertParameterSet(weights: base.weights, numLabels: task.labelNames.count, seed: settings.seed)
        let trainer = FineTuner(settings: settings, key: key, statePath: statePath)
        let trained = try trainer.train(initial, rows: train.rows, labels: train.labels, padID: base.tokenizer.padID,
                                        progress: progress)
        let seconds = Date().timeIntervalSince(start)
        let id2label = Dictionary(uniqueKeysWithValues: task.labelNames.enumerated().map { (String($0.offset), $0.element) })
        let model = BertModel(weights: trained.weights(id2label: id2label), tokenizer: base.tokenizer, folder: folder)
        let split = try Self.evaluationSplit(of: task)
        let evaluation = try Self.encode(task: task, split: split, data: data, tokenizer: base.tokenizer,
                                         maxLength: settings.maxLength)
        let scores = ClassificationScores(predictions: try Evaluation.predict(model, rows: evaluation.rows),
                                          labels: evaluation.labels, classes: task.labelNames.count)
        let record = Record(key: key, task: task.id, baseModel: baseModel, codeVersion: FineTuner.codeVersion,
                            settings: settings, trainExamples: train.rows.count, truncatedExamples: train.truncated,
                            truncationRule: truncationRule, evaluationSplit: split, scores: scores, trainingSeconds: seconds)
        let partial = folder + ".partial"
        let manager = FileManager.default
        if manager.fileExists(atPath: partial) { try manager.removeItem(atPath: partial) }
        try CheckpointExport.write(trained, labelNames: task.labelNames, dropout: settings.dropout,
                                   tokenizerFolder: baseModel, vocabulary: base.tokenizer.tokens, to: partial)
        try Self.encoder.write(record, toFile: "\(partial)/finetune.json")
        if manager.fileExists(atPath: folder) { try manager.removeItem(atPath: folder) }
        try manager.moveItem(atPath: partial, toPath: folder)
        try? manager.removeItem(atPath: statePath)
        logger.notice("fine-tuned", metadata: ["task": "\(task.id)", "folder": "\(folder)",
                                               "accuracy": "\(scores.accuracy)", "macro_f1": "\(scores.macroF1)", "mcc": "\(scores.mcc)"])
        return record
    }
}
