import Datasets
import ExplainerKit
import Foundation
import Metrics
import TransformerCore

extension Runner {
    /// The units of an encoder classification task.
    func runEncoderTask(_ entry: Suite.TaskEntry, task: TaskDefinition, explainers: [any Explainer],
                        summary: inout Summary, progress: (Progress) -> Void) throws {
        let (all, report) = try DatasetLoader.load(task: task, split: entry.split, dataDirectory: data)
        try requireExamples(all.count, entry: entry, report: report)
        let examples = TaskInputs.selection(total: all.count, count: entry.examples, task: entry.task, seed: entry.selectionSeed)
            .map { TaskInputs.truncated(all[$0], maxWords: entry.maxWords) }
        let total = examples.count * explainers.count
        var done = 0
        var model: BertModel?
        for example in examples {
            let pending = missing(task: entry.task, example: example.id, explainers: explainers)
            summary.reused += explainers.count - pending.count
            done += explainers.count - pending.count
            guard !pending.isEmpty else { continue }
            if model == nil { model = try classifier(for: entry, task: task) }
            let subject = try EncoderSubject(model: model!, words: example.words)
            var leaveOneOut: [Double]?
            for explainer in pending {
                let unit: UnitRecord
                if !explainer.descriptor.modelKinds.contains(.encoderClassifier) {
                    unit = skippedRecord(task: entry.task, example: example.id, explainer: explainer, kind: .encoderClassifier)
                } else {
                    unit = failureRecording(task: entry.task, example: example.id, explainer: explainer) {
                        let (ready, training) = try prepared(explainer, for: entry)
                        let attribution = try ExplanationSubject.encoder(subject).explain(with: ready)
                        if leaveOneOut == nil { leaveOneOut = try EncoderFaithfulness.leaveOneOutDrops(subject) }
                        var metrics = try UnitMetrics.encoderFaithfulness(scores: attribution.featureScores, subject: subject,
                                                                          leaveOneOut: leaveOneOut!)
                        if task.hasRationales, let rationale = example.rationale {
                            metrics.merge(UnitMetrics.plausibility(scores: attribution.featureScores, rationale: rationale,
                                                                   threshold: attribution.diagnostics["rationale_threshold"])) { $1 }
                        }
                        var unit = UnitRecord(task: entry.task, example: example.id, explainer: explainer.id, status: .ok, metrics: metrics,
                                          forwardPasses: attribution.cost.forwardPasses, backwardPasses: attribution.cost.backwardPasses,
                                          seconds: attribution.cost.seconds, features: attribution.features,
                                          scores: attribution.featureScores, rationale: task.hasRationales ? example.rationale : nil)
                        unit.training = training
                        return unit
                    }
                }
                try record(unit, summary: &summary)
                done += 1
                progress(Progress(task: entry.task, done: done, total: total, explainer: explainer.id))
            }
        }
    }

    /// The units of a decoder context-attribution task (SQuAD format): the sources are the context's
    /// sentences, the response is the first gold answer.
    func runDecoderTask(_ entry: Suite.TaskEntry, task: TaskDefinition, explainers: [any Explainer],
                        summary: inout Summary, progress: (Progress) -> Void) throws {
        let (loaded, report) = try DatasetLoader.loadContexts(task: task, split: entry.split, dataDirectory: data)
        try requireExamples(loaded.count, entry: entry, report: report)
        let all = ContextTaskSplit.examples(loaded, part: ContextTaskSplit.Part(rawValue: entry.part) ?? .all)
        let examples = TaskInputs.selection(total: all.count, count: entry.examples, task: entry.task, seed: entry.selectionSeed).map { all[$0] }
        let total = examples.count * explainers.count
        var done = 0
        var model: LlamaModel?
        for example in examples {
            let pending = missing(task: entry.task, example: example.id, explainers: explainers)
            summary.reused += explainers.count - pending.count
            done += explainers.count - pending.count
            guard !pending.isEmpty else { continue }
            if model == nil { model = try models.decoder(for: entry, task: task) }
            let subject = try DecoderSubject(model: model!, sources: TaskInputs.sources(of: example, maxSources: entry.maxSources),
                                             question: example.question,
                                             response: entry.response == "greedy" ? nil : " " + (example.answers.first ?? ""))
            var sample: DecoderFaithfulness.AblationSample?
            for explainer in pending {
                let unit: UnitRecord
                if !explainer.descriptor.modelKinds.contains(.decoderLM) {
                    unit = skippedRecord(task: entry.task, example: example.id, explainer: explainer, kind: .decoderLM)
                } else {
                    unit = failureRecording(task: entry.task, example: example.id, explainer: explainer) {
                        let (ready, training) = try prepared(explainer, for: entry)
                        let attribution = try ExplanationSubject.decoder(subject).explain(with: ready)
                        if sample == nil {
                            sample = try DecoderFaithfulness.ablationSample(subject, count: suite.ldsAblations, seed: suite.seed)
                        }
                        let metrics = try UnitMetrics.decoderFaithfulness(scores: attribution.featureScores, subject: subject, sample: sample!)
                        var unit = UnitRecord(task: entry.task, example: example.id, explainer: explainer.id, status: .ok, metrics: metrics,
                                              forwardPasses: attribution.cost.forwardPasses, backwardPasses: attribution.cost.backwardPasses,
                                              seconds: attribution.cost.seconds, features: attribution.features, scores: attribution.featureScores)
                        unit.training = training
                        return unit
                    }
                }
                try record(unit, summary: &summary)
                done += 1
                progress(Progress(task: entry.task, done: done, total: total, explainer: explainer.id))
            }
        }
    }

    /// The unit's record, or a failed record with the error when computing it throws.
    func failureRecording(task: String, example: String, explainer: any Explainer, _ body: () throws -> UnitRecord) -> UnitRecord {
        do { return try body() } catch let unavailable as TrainingUnavailable {
            return UnitRecord(task: task, example: example, explainer: explainer.id, status: .skipped, reason: unavailable.reason)
        } catch {
            return UnitRecord(task: task, example: example, explainer: explainer.id, status: .failed, reason: "\(error)")
        }
    }
}
