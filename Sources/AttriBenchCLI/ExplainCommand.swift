import ArgumentParser
import AttriJSON
import ExplainerKit
import Foundation
import TransformerCore

/// `attribench explain`: one or more explainers on one input.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain one input with one or more explainers and print the scores per word (or per source for a decoder).",
        discussion: """
            Encoder: TEXT is the sentence; the predicted class is explained unless --target names another.
            Decoder: TEXT is the context, split into sentences (the sources); --question is asked about it and \
            the log-probability of --response (or of the model's greedy answer) is explained.
            On a terminal the scores are a coloured heatmap; --html FILE writes them as a self-contained page; \
            --json prints one object per explainer (a single object when one explainer is given).
            Example: attribench explain --model ~/.cache/attribench/finetuned/sst2 --explainer raw-attention --explainer lime "A gripping film."
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "An HF BERT classifier folder or a llama-family .gguf file.") var model: String
    @Option(help: "An explainer id (see `attribench list explainers`); repeat it to compare several.") var explainer: [String]
    @Option(help: "Encoder: the class index to explain (default: the predicted class).") var target: Int?
    @Option(help: "The seed of explainers that sample (sets their `seed` option).") var seed: UInt64?
    @Option(help: "Explainer options as a JSON object, e.g. '{\"layer\": 2}'.") var options: String?
    @Option(help: "Decoder: the question asked about the context.") var question: String?
    @Option(help: "Decoder: the response to explain (default: the model's greedy answer).") var response: String?
    @Flag(help: "Print JSON: explainer, target, tokens, token_scores, words, word_scores, forward_passes, backward_passes, seconds, seed.")
    var json = false
    @Option(help: "Also write the heatmaps as a self-contained HTML page to this file.") var html: String?
    @Argument(help: "The input text (the context, for a decoder).") var text: String

    func validate() throws {
        guard !explainer.isEmpty else { throw ValidationError("give at least one --explainer (see `attribench list explainers`)") }
    }

    func run() throws {
        global.bootstrapLogging()
        let registry = try ActiveRegistry.registry()
        let explainers = try explainer.map { try registry.make($0, overrides: try overrides(for: registry.entry($0))) }
        let subject: ExplanationSubject
        switch try ModelLoading.model(at: model) {
        case .encoder(let encoder):
            subject = .encoder(try EncoderSubject(model: encoder, text: text, target: target.map { .classIndex($0) } ?? .predicted))
        case .decoder(let decoder):
            guard let question else { throw CommandFailure("--question is required for a decoder: what is asked about the context") }
            subject = .decoder(try DecoderSubject(model: decoder, sources: SentenceSplitter.sentences(text),
                                                  question: question, response: response))
        }
        let attributions = try explainers.map { (id: $0.id, attribution: try subject.explain(with: $0)) }
        if let html {
            let page = ExplanationPage.render(attributions, target: Self.targetText(attributions[0].attribution.target))
            do {
                try page.write(toFile: html, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure("--html \(html): cannot write the page (\(error.localizedDescription)); choose a writable path")
            }
        }
        if json {
            let objects = attributions.map { Self.json($0.attribution, explainer: $0.id) }
            Output.json(objects.count == 1 ? objects[0] : .array(objects))
            return
        }
        for (id, attribution) in attributions {
            Output.text("\(id) → \(Self.targetText(attribution.target))")
            if isatty(STDOUT_FILENO) != 0 {
                Output.text(Heatmap.line(words: attribution.features, scores: attribution.featureScores))
            } else {
                for (word, score) in zip(attribution.features, attribution.featureScores) { Output.text("\(score)\t\(word)") }
            }
        }
    }

    /// `--options` with `--seed` folded in.
    func overrides(for entry: ExplainerEntry) throws -> JSONCursor? {
        var object = JSONObject()
        let source = JSONSource(name: "--options")
        if let options {
            guard case .object(let given) = try JSONParser.parse(options, source: source) else {
                throw CommandFailure("--options must be a JSON object, e.g. '{\"layer\": 2}'")
            }
            object = given
        }
        if let seed {
            guard entry.defaultConfiguration["seed"] != nil else {
                throw CommandFailure("--seed: explainer \"\(entry.descriptor.id)\" has no seed (it is deterministic)")
            }
            object["seed"] = .integer(Int64(bitPattern: seed))
        }
        return object.count == 0 ? nil : JSONCursor(.object(object), source: source)
    }

    static func targetText(_ target: ExplanationTarget) -> String {
        switch target {
        case let .classIndex(index, label): return "class \(index) (\(label))"
        case let .response(text): return "response \"\(text)\""
        }
    }

    /// The JSON of ../shared/INTERFACES.md; for a decoder `words` are the sources.
    static func json(_ a: Attribution, explainer: String) -> JSONValue {
        let target: JSONValue
        switch a.target {
        case let .classIndex(index, label):
            target = .object(JSONObject([("class", JSONValue(index)), ("label", JSONValue(label))]))
        case let .response(text):
            target = .object(JSONObject([("response", JSONValue(text))]))
        }
        return .object(JSONObject([
            ("explainer", JSONValue(explainer)), ("target", target),
            ("tokens", .array(a.tokens.map(JSONValue.init))), ("token_scores", .array(a.tokenScores.map(JSONValue.init))),
            ("words", .array(a.features.map(JSONValue.init))), ("word_scores", .array(a.featureScores.map(JSONValue.init))),
            ("aggregation", JSONValue(a.aggregation.rawValue)),
            ("forward_passes", JSONValue(a.cost.forwardPasses)), ("backward_passes", JSONValue(a.cost.backwardPasses)),
            ("seconds", JSONValue(a.cost.seconds)), ("seed", a.seed.map { .integer(Int64(bitPattern: $0)) } ?? .null),
            ("diagnostics", .object(JSONObject(a.diagnostics.sorted { $0.key < $1.key }.map { ($0.key, JSONValue($0.value)) }))),
        ]))
    }
}
