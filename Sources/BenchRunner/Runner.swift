import AttriJSON
import Datasets
import ExplainerKit
import Foundation
import Logging
import TransformerCore

/// Runs a suite into a run store: every (task, example, explainer) unit that the store lacks (and the
/// shard owns) is explained, scored and appended. Impossible pairs are recorded as skipped with the
/// reason; an explainer or metric that throws is recorded as failed and the run goes on.
public final class Runner {
    /// Progress of a task, for a live line or log lines.
    public struct Progress: Sendable {
        /// The task id.
        public var task: String
        /// Units of the task done so far (stored before or computed now) and in total (this shard).
        public var done: Int, total: Int
        /// The explainer just finished.
        public var explainer: String
    }

    /// Counts of a run.
    public struct Summary: Sendable, Equatable {
        /// Units computed now, by status.
        public var ok = 0, skipped = 0, failed = 0
        /// Units found in the store.
        public var reused = 0

        /// Counts.
        public init(ok: Int = 0, skipped: Int = 0, failed: Int = 0, reused: Int = 0) {
            (self.ok, self.skipped, self.failed, self.reused) = (ok, skipped, failed, reused)
        }
    }

    let suite: Suite
    let registry: ExplainerRegistry
    let data: DataDirectory
    let models: ModelProvider
    let store: RunStore
    let shard: Shard
    /// Whether units stored as skipped or failed are attempted again (after a fix, or once a learned
    /// state exists); stored successes are always reused.
    let retryUnsuccessful: Bool
    let logger = Logger(label: "attribench.runner")
    /// Trained learned explainers (or why training failed) by training key (`Runner+Training.swift`).
    var trained: [String: Result<(any Explainer, String), any Error>] = [:]
    /// Training examples by task id, loaded once per run (`Runner+Training.swift`).
    var trainingData: [String: [RationaleExample]] = [:]

    /// A runner of `suite` with the explainers of `registry`, reading tasks from `data`.
    public init(suite: Suite, registry: ExplainerRegistry, data: DataDirectory, models: ModelProvider,
                store: RunStore, shard: Shard = .all, retryUnsuccessful: Bool = false) {
        self.suite = suite
        self.registry = registry
        self.data = data
        self.models = models
        self.store = store
        self.shard = shard
        self.retryUnsuccessful = retryUnsuccessful
    }

    /// The suite's explainers, each built with its options. `*` expands to every registered explainer in
    /// registry order; an explicit entry for an id that `*` also covers gives that explainer its options
    /// (e.g. a budget) instead of adding it twice.
    func explainers() throws -> [any Explainer] {
        let explicit = Dictionary(suite.explainers.filter { $0.id != "*" }.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        let everything = suite.explainers.contains { $0.id == "*" }
        var result: [any Explainer] = []
        func make(_ entry: Suite.ExplainerEntry) throws -> any Explainer {
            let options = entry.options.map { JSONCursor($0, source: JSONSource(name: "suite \(suite.name), explainer \(entry.id) options")) }
            return try registry.make(entry.id, overrides: options)
        }
        for entry in suite.explainers {
            if entry.id == "*" {
                for registered in registry.entries {
                    let id = registered.descriptor.id
                    result.append(try explicit[id].map(make) ?? registered.make())
                }
            } else if !everything || !registry.entries.contains(where: { $0.descriptor.id == entry.id }) {
                result.append(try make(entry))
            }
        }
        return result
    }

    /// Runs every missing unit of this shard.
    public func run(progress: (Progress) -> Void = { _ in }) throws -> Summary {
        let explainers = try explainers()
        var summary = Summary()
        for entry in suite.tasks {
            let task = try TaskInputs.definition(of: entry)
            if task.format == .squad {
                try runDecoderTask(entry, task: task, explainers: explainers, summary: &summary, progress: progress)
            } else {
                try runEncoderTask(entry, task: task, explainers: explainers, summary: &summary, progress: progress)
            }
        }
        logger.info("run finished", metadata: ["ok": "\(summary.ok)", "skipped": "\(summary.skipped)",
                                               "failed": "\(summary.failed)", "reused": "\(summary.reused)"])
        return summary
    }

    /// The units of one example that this shard owns and the store lacks.
    func missing(task: String, example: String, explainers: [any Explainer]) -> [any Explainer] {
        explainers.filter { explainer in
            let key = UnitRecord.key(task: task, example: example, explainer: explainer.id)
            guard shard.contains(key) else { return false }
            guard let stored = store.records[key] else { return true }
            return retryUnsuccessful && stored.status != .ok
        }
    }

    /// The task's classifier, checked to have one output per label of the task.
    func classifier(for entry: Suite.TaskEntry, task: TaskDefinition) throws -> BertModel {
        let model = try models.encoder(for: entry, task: task)
        guard let labels = model.numLabels, labels == task.labelNames.count else {
            throw BenchRunnerError.model(task: entry.task, reason: "the classifier \(model.folder) has \(model.numLabels ?? 0) labels, the task has "
                                         + "\(task.labelNames.count) (\(task.labelNames.joined(separator: ", "))); point the task at a classifier of this task")
        }
        return model
    }

    /// Throws when a task's split yields no examples, naming the file and why its records were skipped.
    func requireExamples(_ count: Int, entry: Suite.TaskEntry, report: LoadReport) throws {
        guard count == 0 else { return }
        throw BenchRunnerError.model(task: entry.task, reason: "split \(entry.split) has no examples to evaluate (\(report)); "
                                     + "fix the data file or point the task at another split")
    }

    /// A record for an explainer that cannot explain this kind of model.
    func skippedRecord(task: String, example: String, explainer: any Explainer, kind: ModelKind) -> UnitRecord {
        let supported = explainer.descriptor.modelKinds.sorted().map(\.rawValue).joined(separator: ", ")
        return UnitRecord(task: task, example: example, explainer: explainer.id, status: .skipped,
                          reason: "\(explainer.id) explains \(supported) models, not \(kind.rawValue)")
    }

    /// Appends one record and counts it.
    func record(_ record: UnitRecord, summary: inout Summary) throws {
        try store.append([record])
        switch record.status {
        case .ok: summary.ok += 1
        case .skipped: summary.skipped += 1
        case .failed:
            summary.failed += 1
            logger.warning("unit failed", metadata: ["unit": "\(record.key)", "reason": "\(record.reason ?? "")"])
        }
    }
}
