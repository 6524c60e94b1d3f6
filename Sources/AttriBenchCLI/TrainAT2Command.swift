import ArgumentParser
import AttriJSON
import BenchRunner
import Datasets
import ExplainerKit
import ExplainersLearned
import Foundation
import TransformerCore

/// `attribench train-at2`: trains AT2's head weights on ablations of training inputs and saves them
/// (with provenance, the training cost and the cached greedy responses) into a state directory that
/// a suite points the explainer at (`state_directory`).
struct TrainAT2Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-at2",
        abstract: "Train AT2 (at2, at2-general) on a decoder and save the learned head weights.",
        discussion: """
            --data xquad: XQuAD questions of the training articles (ContextTaskSplit: every third article in file \
            order is held out for evaluation), sources = the paragraph's sentences, response = the model's greedy answer \
            (the task-specific variant). --data movies: ERASER Movies training reviews (the first --max-sources \
            sentences) with the instruction "Summarize the review in one sentence." (the general variant, off-task text).
            Greedy responses are cached in OUT/responses.json.
            Example: attribench train-at2 --data xquad --examples 120 --out leaderboard/at2/xquad-task
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "The explainer to train: at2 or at2-general.") var explainer = "at2"
    @Option(help: "Training inputs: xquad (task-specific) or movies (general).") var data = "xquad"
    @Option(help: "How many training inputs (a seeded selection; 0 = all).") var examples = 120
    @Option(help: "The most sources (sentences) per context.") var maxSources = 8
    @Option(help: "The longest greedy response in tokens.") var maxResponseTokens = 48
    @Option(help: "The decoder GGUF (default: SmolLM2-135M-Instruct).") var model: String?
    @Option(help: "The task data folder (default $ATTRIBENCH_DATA, else ../shared/datasets).") var dataDirectory: String?
    @Option(help: "AT2 options as a JSON object, e.g. '{\"ablations\": 32}'.") var options: String?
    @Option(help: "The state directory to write.") var out: String
    @Flag(help: "Print a JSON summary.") var json = false

    /// One training input before the model sees it.
    struct Input { let id: String, sources: [String], question: String }

    func run() throws {
        global.bootstrapLogging()
        let registry = try ActiveRegistry.registry()
        let overrides = try options.map { text -> JSONCursor in
            let source = JSONSource(name: "--options")
            guard case .object = try JSONParser.parse(text, source: source) else { throw CommandFailure("--options must be a JSON object") }
            return JSONCursor(try JSONParser.parse(text, source: source), source: source)
        }
        guard let at2 = try registry.make(explainer, overrides: overrides) as? AT2Explainer, at2.variant == .decoder else {
            throw CommandFailure("--explainer \(explainer) is not a decoder AT2 explainer; use at2 or at2-general")
        }
        let directory = try DataDirectory.resolve(explicit: dataDirectory)
        let inputs = try trainingInputs(directory)
        guard case .decoder(let decoder) = try ModelLoading.model(at: model ?? ModelLocations.defaultDecoder) else {
            throw CommandFailure("--model must be a llama-family .gguf file")
        }
        var responses = try Self.readResponses(out)
        var subjects: [ExplanationSubject] = []
        var skipped = 0
        for input in inputs {
            do {
                let text = try responses[input.id] ?? DecoderSubject(model: decoder, sources: input.sources, question: input.question,
                                                                     maxResponseTokens: maxResponseTokens).response
                responses[input.id] = text
                subjects.append(.decoder(try DecoderSubject(model: decoder, sources: input.sources, question: input.question, response: text)))
            } catch ExplainerError.emptyInput {
                skipped += 1   // an empty greedy answer has nothing to attribute
            }
        }
        try Self.writeResponses(responses, to: out)
        let description = "\(data): \(subjects.count) inputs (\(skipped) with an empty greedy answer skipped), at most \(maxSources) sources, "
            + "greedy responses of at most \(maxResponseTokens) tokens, model \(URL(fileURLWithPath: model ?? ModelLocations.defaultDecoder).lastPathComponent)"
        let trained = try at2.trained(on: subjects, description: description)
        try trained.saveState(to: out)
        let state = trained.state!, cost = trained.trainingCost!
        let summary: [(String, JSONValue)] = [
            ("explainer", .string(trained.id)), ("training_data", .string(description)),
            ("examples", .integer(Int64(cost.examples))), ("forward_passes", .integer(Int64(cost.forwardPasses))),
            ("data_seconds", .double(cost.dataSeconds)), ("fit_seconds", .double(cost.fitSeconds)),
            ("masks_per_second", .double(Double(cost.examples * trained.configuration.ablations) / max(cost.dataSeconds, 1e-9))),
            ("initial_loss", .double(state.provenance.initialLoss)), ("final_loss", .double(state.provenance.finalLoss)),
            ("state", .string(out + "/" + AT2State.fileName)),
        ]
        if json { Output.json(.object(JSONObject(summary))) } else {
            for (key, value) in summary { Output.text("\(key)\t\(value)") }
        }
    }

    /// The training inputs of `--data`.
    func trainingInputs(_ directory: DataDirectory) throws -> [Input] {
        switch data {
        case "xquad":
            let (all, _) = try DatasetLoader.loadContexts(task: TaskCatalog.builtIn.task(id: "xquad"), split: "dev", dataDirectory: directory)
            let train = ContextTaskSplit.examples(all, part: .train)
            return ContextTaskSplit.selection(total: train.count, count: examples, task: "xquad-train", seed: 0).map { index in
                Input(id: train[index].id, sources: ContextTaskSplit.sources(of: train[index], maxSources: maxSources),
                      question: train[index].question)
            }
        case "movies":
            let (all, _) = try DatasetLoader.load(task: TaskCatalog.builtIn.task(id: "movies"), split: "train", dataDirectory: directory)
            return ContextTaskSplit.selection(total: all.count, count: examples, task: "movies-train", seed: 0).map { index in
                let sentences = SentenceSplitter.sentences(all[index].words.joined(separator: " "))
                return Input(id: all[index].id, sources: Array(sentences.prefix(maxSources)), question: "Summarize the review in one sentence.")
            }
        default:
            throw CommandFailure("--data \(data): use xquad (task-specific) or movies (general)")
        }
    }

    static func readResponses(_ directory: String) throws -> [String: String] {
        let path = directory + "/responses.json"
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        do { return try JSONValueDecoder(keyStrategy: .useDefaultKeys).decode([String: String].self, fromFile: path) } catch {
            throw CommandFailure("cannot read the cached responses \(path): \(error); delete the file to regenerate them")
        }
    }

    static func writeResponses(_ responses: [String: String], to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try JSONValueEncoder(keyStrategy: .useDefaultKeys).write(responses, toFile: directory + "/responses.json")
    }
}
