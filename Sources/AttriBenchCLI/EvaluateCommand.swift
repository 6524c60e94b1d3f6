import ArgumentParser
import AttriJSON
import Datasets
import Foundation
import Training
import TransformerCore

/// `attribench evaluate`: accuracy, macro-F1 and Matthews correlation of a classifier on a task split.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score an encoder classifier on a task split: accuracy, macro-F1, MCC.",
        discussion: """
            Without --model, scores the cached fine-tuned classifier of the task, fine-tuning it first \
            when it is missing or out of date (with the settings it was made with, else the defaults). The default split is the task's evaluation \
            split (sst2 dev, hatexplain val, movies val, cola dev_out_of_domain).
            Example: attribench evaluate --task cola --json
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "The task: sst2, hatexplain, movies or cola.") var task: String
    @Option(help: "A classifier folder (config.json, model.safetensors, vocab.txt); default the cached fine-tune.") var model: String?
    @Option(help: "The split to score (default the task's evaluation split).") var split: String?
    @Option(help: "Longest input in tokens (default that of the fine-tune: 128, 256 for movies).") var maxLength: Int?
    @Option(help: "The task data folder (default $ATTRIBENCH_DATA, else ../shared/datasets).") var data: String?
    @Flag(help: "Print JSON: task, split, examples, accuracy, macro_f1, mcc.") var json = false

    func run() throws {
        global.bootstrapLogging()
        let definition = try TaskCatalog.builtIn.task(id: task)
        let dataDirectory = try DataDirectory.resolve(explicit: data)
        var length = maxLength ?? FineTuneSettings.defaults(task: task).maxLength
        let folder: String
        if let model {
            folder = model
        } else {
            let job = FineTuneJob(task: definition, data: dataDirectory, settings: FineTuneJob.cachedSettings(task: task))
            let progress = TrainingProgress(task: task)
            let record = try job.run(progress: progress.report)
            progress.finish()
            length = maxLength ?? record.settings.maxLength
            folder = job.folder
        }
        let classifier = try BertModel(folder: folder)
        guard let labels = classifier.numLabels, labels == definition.labelNames.count else {
            throw CommandFailure("\(folder) has \(classifier.numLabels.map(String.init) ?? "no") classifier outputs; task \(task) needs \(definition.labelNames.count)")
        }
        let splitName = try split ?? FineTuneJob.evaluationSplit(of: definition)
        let encoded = try FineTuneJob.encode(task: definition, split: splitName, data: dataDirectory,
                                             tokenizer: classifier.tokenizer, maxLength: min(length, classifier.config.maxPositionEmbeddings))
        let scores = ClassificationScores(predictions: try Evaluation.predict(classifier, rows: encoded.rows),
                                          labels: encoded.labels, classes: labels)
        if json {
            Output.json(.object(JSONObject([
                ("task", .string(task)), ("split", .string(splitName)), ("model", .string(folder)),
                ("examples", JSONValue(scores.examples)), ("accuracy", JSONValue(scores.accuracy)),
                ("macro_f1", JSONValue(scores.macroF1)), ("mcc", JSONValue(scores.mcc)),
                ("max_length", JSONValue(length)),
            ])))
        } else {
            Output.text(String(format: "%@ %@ (%d examples): accuracy %.4f, macro-F1 %.4f, MCC %.4f",
                               task, splitName, scores.examples, scores.accuracy, scores.macroF1, scores.mcc))
        }
    }
}
