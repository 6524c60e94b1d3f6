import AttriJSON
import BenchRunner
import Datasets
import ExplainerKit
import ExplainerTestKit
import ExplainersAttention
import ExplainersBaseline
import ExplainersPerturbation
import Foundation
import TensorCore
import Testing
import TransformerCore

/// Tiny in-process models for runner tests, a small suite over the real task data, and helpers.
final class TinyModelProvider: ModelProvider {
    let encoderModel: BertModel
    let decoderModel: LlamaModel

    init() throws {
        // The tiny classifier's negative and positive rows: the runner requires one output per task label.
        let tiny = try TinyModels.encoder()
        let (weight, bias) = tiny.weights.classifier!
        let width = weight.shape[1]
        encoderModel = tiny.replacingClassifier(
            weight: Tensor(shape: [2, width], values: Array(weight.storage[0..<width] + weight.storage[(2 * width)..<(3 * width)])),
            bias: Tensor(shape: [2], values: [bias.storage[0], bias.storage[2]]))
        let config = try LlamaConfig(layers: 2, hiddenSize: 16, intermediateSize: 32, heads: 4, kvHeads: 2,
                                     contextLength: 4096, vocabSize: 256)
        decoderModel = try LlamaModel.random(config: config, seed: 5)
    }

    func encoder(for entry: Suite.TaskEntry, task: TaskDefinition) throws -> BertModel { encoderModel }
    func decoder(for entry: Suite.TaskEntry, task: TaskDefinition) throws -> LlamaModel { decoderModel }
}

/// An explainer that supports only the encoder, to be skipped on decoder tasks.
struct EncoderOnlyExplainer: Explainer {
    var descriptor: ExplainerDescriptor {
        ExplainerDescriptor(id: "encoder-only", name: "Encoder only", family: .baseline, reference: "test",
                            modelKinds: [.encoderClassifier], forwardPassBudget: ForwardPassBudget(constant: 0))
    }
    func explain(_ subject: ExplanationSubject) throws -> Attribution {
        Attribution(featureScores: subject.features.indices.map { Float(-$0) }, of: subject)
    }
}

/// An explainer that fails on every third example (by word count), to be recorded as failed.
struct SometimesFailingExplainer: Explainer {
    var descriptor: ExplainerDescriptor {
        ExplainerDescriptor(id: "sometimes-failing", name: "Sometimes failing", family: .baseline, reference: "test",
                            modelKinds: [.encoderClassifier, .decoderLM], forwardPassBudget: ForwardPassBudget(constant: 0))
    }
    func explain(_ subject: ExplanationSubject) throws -> Attribution {
        guard subject.features.count % 3 != 0 else { throw ExplainerError.model("deliberate failure on \(subject.features.count) features") }
        return Attribution(featureScores: subject.features.indices.map { Float($0 % 4) }, of: subject)
    }
}

enum RunnerFixtures {
    static let registry = Result { () throws -> ExplainerRegistry in
        let entries = [
            ExplainerEntry(EncoderOnlyExplainer().descriptor, configuration: NoOptions.self) { _ in EncoderOnlyExplainer() },
            ExplainerEntry(SometimesFailingExplainer().descriptor, configuration: NoOptions.self) { _ in SometimesFailingExplainer() },
        ]
        return try ExplainerRegistry(BaselineExplainers.entries + AttentionExplainers.entries + PerturbationExplainers.entries + entries)
    }

    static let suiteJSON = """
        {"name": "runner-test", "seed": 3, "bootstrap_resamples": 200, "lds_ablations": 6,
         "tasks": [{"task": "sst2", "split": "dev", "examples": 5, "model": "tiny", "max_words": 12},
                   {"task": "hatexplain", "split": "val", "examples": 4, "model": "tiny", "max_words": 12},
                   {"task": "xquad", "split": "dev", "examples": 1, "model": "tiny", "max_sources": 2}],
         "explainers": ["random", "raw-attention", "occlusion", "encoder-only", "sometimes-failing"]}
        """

    static func suite() throws -> Suite {
        try Suite(JSONCursor(JSONParser.parse(suiteJSON), source: JSONSource(name: "runner-test suite")))
    }

    static func data() throws -> DataDirectory { try DataDirectory.resolve() }

    static let provenance = Provenance(gitCommit: "test", suite: "runner-test", suiteHash: "0", models: [:], data: [:],
                                       seed: 3, resamples: 200, machine: "test", threads: 1)

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "attribench-runner-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Runs the suite into `store` (shard `shard`) and returns the summary.
    @discardableResult
    static func run(store path: String, shard: Shard = .all) throws -> Runner.Summary {
        let store = try RunStore(path: path)
        return try Runner(suite: suite(), registry: registry.get(), data: data(), models: TinyModelProvider(),
                          store: store, shard: shard).run()
    }

    /// The deterministic leaderboard files of `store`, by name.
    static func leaderboard(of path: String) throws -> [String: String] {
        let folder = try temporaryFolder()
        try LeaderboardWriter.write(records: RunStore(path: path).sortedRecords, provenance: provenance, to: folder, peakResidentMegabytes: 0)
        var files: [String: String] = [:]
        for name in ["leaderboard.md", "leaderboard.csv", "leaderboard.json"] {
            files[name] = try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)
        }
        return files
    }
}
