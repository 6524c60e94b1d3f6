import ExplainerKit
import Foundation
import TransformerCore

/// The conformance suite every registered explainer passes, in one line:
/// `try ExplainerConformance.verify(MyExplainers.entries[0])`.
///
/// On tiny encoder and decoder models (each kind the descriptor supports) it checks: one finite score
/// per token and per feature; identical scores for the same configuration (seed) run twice and after
/// other inputs (no hidden state); the same scores when masked passes run one row at a time instead of
/// batched with padding; forward and backward passes within the descriptor's budget; an `emptyInput`
/// error, not a crash, on an input without features; `unsupportedModel` on a kind it does not list.
/// A `TrainableExplainer` is first trained on tiny rationale examples.
public enum ExplainerConformance {
    /// Relative tolerance between batched and one-row-at-a-time scores.
    public static let batchTolerance: Float = 1e-4

    /// Runs every check on `entry` and throws one error listing every failure.
    public static func verify(_ entry: ExplainerEntry) throws {
        let failures = try check(entry)
        guard failures.isEmpty else { throw ConformanceFailure(explainer: entry.descriptor.id, failures: failures) }
    }

    /// Runs every check on `entry` and returns the failures (empty when it conforms).
    public static func check(_ entry: ExplainerEntry) throws -> [String] {
        var failures: [String] = []
        let descriptor = entry.descriptor
        let encoder = try TinyModels.encoder(), decoder = try TinyModels.decoder()
        var kinds: [(ModelKind, [ExplanationSubject], [ExplanationSubject]?)] = []
        kinds.append((.encoderClassifier, try TinyModels.encoderSubjects(model: encoder),
                      try TinyModels.encoderSubjects(model: encoder, maximumBatchRows: 1)))
        kinds.append((.decoderLM, try TinyModels.decoderSubjects(model: decoder), nil))
        for (kind, subjects, oneRowSubjects) in kinds {
            guard descriptor.modelKinds.contains(kind) else {
                let explainer = try entry.make()
                do {
                    _ = try subjects[0].explain(with: explainer)
                    failures.append("\(kind.rawValue): explained a model kind its descriptor does not list")
                } catch ExplainerError.unsupportedModel {
                } catch {
                    failures.append("\(kind.rawValue): expected unsupportedModel, got \(error)")
                }
                continue
            }
            let explainer = try prepared(entry.make(), on: subjects)
            var first: [Attribution] = []
            for (index, subject) in subjects.enumerated() {
                let label = "\(kind.rawValue) input \(index)"
                let attribution: Attribution
                do { attribution = try subject.explain(with: explainer) } catch {
                    failures.append("\(label): threw \(error)")
                    continue
                }
                first.append(attribution)
                failures += shapeFailures(attribution, subject: subject, label: label)
                failures += budgetFailures(attribution.cost, descriptor: descriptor, features: subject.features.count, label: label)
            }
            guard first.count == subjects.count else { continue }
            // The same configuration again, after every other input: identical scores.
            let again = try prepared(entry.make(), on: subjects)
            for (index, subject) in subjects.enumerated().reversed() {
                let repeated = try subject.explain(with: again)
                if repeated.tokenScores != first[index].tokenScores {
                    failures.append("\(kind.rawValue) input \(index): scores differ between two runs with the same seed")
                }
            }
            // One row per masked pass (no batching, no padding): the same scores.
            for (index, subject) in (oneRowSubjects ?? []).enumerated() {
                let alone = try subject.explain(with: explainer)
                let difference = maximumRelativeDifference(alone.tokenScores, first[index].tokenScores)
                if difference > batchTolerance {
                    failures.append("\(kind.rawValue) input \(index): scores change by \(difference) (relative) when passes run one row at a time")
                }
            }
            failures += emptyInputFailures(explainer, kind: kind, encoder: encoder, decoder: decoder)
        }
        return failures
    }

    // MARK: - Checks

    static func shapeFailures(_ attribution: Attribution, subject: ExplanationSubject, label: String) -> [String] {
        var failures: [String] = []
        if attribution.tokenScores.count != subject.tokens.count {
            failures.append("\(label): \(attribution.tokenScores.count) token scores for \(subject.tokens.count) tokens")
        }
        if attribution.featureScores.count != subject.features.count {
            failures.append("\(label): \(attribution.featureScores.count) feature scores for \(subject.features.count) features")
        }
        if !(attribution.tokenScores + attribution.featureScores).allSatisfy(\.isFinite) {
            failures.append("\(label): a score is not finite")
        }
        return failures
    }

    static func budgetFailures(_ cost: ExplanationCost, descriptor: ExplainerDescriptor, features: Int, label: String) -> [String] {
        var failures: [String] = []
        let allowed = descriptor.forwardPassBudget.passes(features: features)
        if cost.forwardPasses > allowed {
            failures.append("\(label): \(cost.forwardPasses) forward passes exceed the budget of \(allowed) for \(features) features")
        }
        if cost.backwardPasses > descriptor.backwardPassBudget {
            failures.append("\(label): \(cost.backwardPasses) backward passes exceed the budget of \(descriptor.backwardPassBudget)")
        }
        return failures
    }

    static func emptyInputFailures(_ explainer: any Explainer, kind: ModelKind, encoder: BertModel, decoder: LlamaModel) -> [String] {
        do {
            let empty: ExplanationSubject
            switch kind {
            case .encoderClassifier: empty = .encoder(try EncoderSubject(model: encoder, words: []))
            case .decoderLM:
                let encode = decoder.tokenizer.encode
                empty = .decoder(try DecoderSubject(model: decoder, context: AblationContext(prefix: encode("Q:"), sources: [], suffix: encode(" A:"),
                                                                                            response: encode(" x")), sources: [], response: " x"))
            }
            _ = try empty.explain(with: explainer)
            return ["\(kind.rawValue): an input without features was explained instead of rejected"]
        } catch ExplainerError.emptyInput {
            return []
        } catch {
            return ["\(kind.rawValue): an input without features threw \(error), expected an emptyInput error"]
        }
    }

    // MARK: - Helpers

    /// The explainer, trained on tiny rationale examples first when it learns.
    static func prepared(_ explainer: any Explainer, on subjects: [ExplanationSubject]) throws -> any Explainer {
        guard let trainable = explainer as? any TrainableExplainer else { return explainer }
        let examples = subjects.map { subject in
            RationaleExample(subject: subject, rationale: subject.features.indices.map { UInt8($0 % 2) })
        }
        return try trained(trainable, on: examples)
    }

    static func trained<T: TrainableExplainer>(_ explainer: T, on examples: [RationaleExample]) throws -> any Explainer {
        try explainer.trained(on: examples)
    }

    /// max |a − b| / max(|b|, 1e-6) over the elements.
    static func maximumRelativeDifference(_ a: [Float], _ b: [Float]) -> Float {
        guard a.count == b.count else { return .infinity }
        let scale = max(b.map(abs).max() ?? 0, 1e-6)
        return zip(a, b).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
    }
}

/// A conformance failure: the explainer and everything that failed.
public struct ConformanceFailure: Error, CustomStringConvertible {
    /// The explainer's id.
    public let explainer: String
    /// What failed.
    public let failures: [String]

    public var description: String {
        "explainer \"\(explainer)\" fails conformance:\n" + failures.map { "  - " + $0 }.joined(separator: "\n")
    }
}
