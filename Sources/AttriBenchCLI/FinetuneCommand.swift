import ArgumentParser
import AttriJSON
import Datasets
import Foundation
import Training

/// `attribench finetune`: fine-tunes all-MiniLM-L6-v2 on a task into the cache the benchmark reads.
struct FinetuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finetune",
        abstract: "Fine-tune the encoder classifier of a task (sst2, hatexplain, movies, cola).",
        discussion: """
            Starts from all-MiniLM-L6-v2 and writes an HF checkpoint (model.safetensors, config.json with \
            id2label, vocab.txt, finetune.json) to $ATTRIBENCH_HOME/finetuned/<task>. The folder is keyed by a \
            hash of the base model, the data files, the settings and the trainer version: a current checkpoint \
            is reused, a changed input retrains. A killed fine-tune resumes from its last saved state \
            (every --checkpoint-every steps and each epoch's end). Defaults: 2 epochs, batch 32, lr 5e-5, \
            max length 128 (256 for movies; longer inputs keep their first max-length − 2 WordPiece tokens).
            Example: attribench finetune --task sst2
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "The task: sst2, hatexplain, movies or cola.") var task: String
    @Option(help: "Passes over the training split (default 2).") var epochs: Int?
    @Option(help: "Peak learning rate of AdamW (default 5e-5).") var lr: Float?
    @Option(help: "Examples per step (default 32).") var batchSize: Int?
    @Option(help: "Longest input in WordPiece tokens incl. [CLS]/[SEP] (default 128; 256 for movies).") var maxLength: Int?
    @Option(help: "Seed of the head, the batch order and dropout (default 0).") var seed: UInt64?
    @Option(help: "Save a resumable state every N steps (default 200).") var checkpointEvery: Int?
    @Option(help: "The task data folder (default $ATTRIBENCH_DATA, else ../shared/datasets).") var data: String?
    @Flag(help: "Print the record (key, settings, scores) as JSON.") var json = false

    /// The settings these options select for `task`.
    static func settings(task: String, epochs: Int?, lr: Float?, batchSize: Int?, maxLength: Int?, seed: UInt64?,
                         checkpointEvery: Int? = nil) -> FineTuneSettings {
        var settings = FineTuneSettings.defaults(task: task)
        if let epochs { settings.epochs = epochs }
        if let lr { settings.optimizer.learningRate = lr }
        if let batchSize { settings.batchSize = batchSize }
        if let maxLength { settings.maxLength = maxLength }
        if let seed { settings.seed = seed }
        if let checkpointEvery { settings.checkpointEvery = checkpointEvery }
        return settings
    }

    func run() throws {
        global.bootstrapLogging()
        let definition = try TaskCatalog.builtIn.task(id: task)
        let job = FineTuneJob(task: definition, data: try DataDirectory.resolve(explicit: data),
                              settings: Self.settings(task: task, epochs: epochs, lr: lr, batchSize: batchSize,
                                                      maxLength: maxLength, seed: seed, checkpointEvery: checkpointEvery))
        let progress = TrainingProgress(task: task)
        let record = try job.run(progress: progress.report)
        progress.finish()
        let s = record.scores
        FileHandle.standardError.write(Data(String(
            format: "attribench: %@ classifier in %@ (key %@): %@ accuracy %.4f, macro-F1 %.4f, MCC %.4f\n",
            task, job.folder, record.key, record.evaluationSplit, s.accuracy, s.macroF1, s.mcc).utf8))
        if json { Output.text(try FineTuneJob.text(record)) }
    }
}
