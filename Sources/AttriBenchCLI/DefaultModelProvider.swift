import BenchRunner
import Datasets
import Foundation
import TensorCore
import Training
import TransformerCore

/// The command line's models for suite tasks: `finetuned` is the project's fine-tuned classifier of the
/// task (`$ATTRIBENCH_HOME/finetuned/<task>`), `decoder` the default SmolLM2 GGUF, anything else a path.
/// Each model is loaded once per run. With a data directory, a missing or out-of-date fine-tuned
/// classifier is fine-tuned first (default settings, `FineTuneJob`).
final class DefaultModelProvider: ModelProvider {
    private let encoders = LockedValue([String: BertModel]())
    private let decoders = LockedValue([String: LlamaModel]())
    private let data: DataDirectory?

    /// A provider; `data` enables fine-tuning missing classifiers.
    init(data: DataDirectory? = nil) {
        self.data = data
    }

    func encoder(for entry: Suite.TaskEntry, task: TaskDefinition) throws -> BertModel {
        let folder = entry.model == "finetuned" ? "\(ModelLocations.fineTuned)/\(task.id)" : entry.model
        if let model = encoders.withLock({ $0[folder] }) { return model }
        if entry.model == "finetuned", let data, entry.definition == nil {
            let progress = TrainingProgress(task: task.id)
            _ = try FineTuneJob(task: task, data: data, settings: FineTuneJob.cachedSettings(task: task.id))
                .run(progress: progress.report)
            progress.finish()
        }
        guard FileManager.default.fileExists(atPath: "\(folder)/model.safetensors") else {
            let isFile = Self.isRegularFile(folder)
            throw BenchRunnerError.model(task: entry.task, reason: entry.model == "finetuned"
                ? "no fine-tuned classifier at \(folder); run `attribench finetune --task \(task.id)` first (scripts/run-main.sh does)"
                : isFile ? "\(folder) is a file (a decoder GGUF?), but a classification task needs an encoder classifier folder "
                    + "(config.json, model.safetensors, vocab.txt)"
                : "no encoder classifier folder at \(folder) (config.json, model.safetensors, vocab.txt); "
                    + "use \"finetuned\" or the path of a fine-tuned classifier")
        }
        let model = try BertModel(folder: folder)
        guard model.numLabels != nil else {
            throw BenchRunnerError.model(task: entry.task, reason: "\(folder) has no classifier head; point the task at a fine-tuned classifier")
        }
        encoders.withLock { $0[folder] = model }
        return model
    }

    func decoder(for entry: Suite.TaskEntry, task: TaskDefinition) throws -> LlamaModel {
        let path = entry.model == "decoder" ? ModelLocations.defaultDecoder : entry.model
        if let model = decoders.withLock({ $0[path] }) { return model }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw BenchRunnerError.model(task: entry.task, reason: "no decoder GGUF at \(path); run scripts/setup-models.sh")
        }
        guard !isFolder.boolValue else {
            throw BenchRunnerError.model(task: entry.task, reason: "\(path) is a folder (an encoder?), but a context-attribution task "
                                         + "needs a llama-family decoder .gguf file; use \"decoder\" or the path of a .gguf")
        }
        let model = try LlamaModel(path: path)
        decoders.withLock { $0[path] = model }
        return model
    }

    /// Whether `path` is an existing regular file (not a folder).
    private static func isRegularFile(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
    }

    /// The model description for provenance.
    static func describe(_ entry: Suite.TaskEntry) -> String {
        switch entry.model {
        case "finetuned": return Provenance.describe(path: "\(ModelLocations.fineTuned)/\(entry.task)/model.safetensors")
        case "decoder": return Provenance.describe(path: ModelLocations.defaultDecoder)
        default: return Provenance.describe(path: entry.model)
        }
    }
}
