import AttriJSON
import Datasets
import ExplainerKit
import Foundation
import TransformerCore

/// Training of learned explainers. A `TrainableExplainer` is trained once per (explainer configuration,
/// training tasks, models) before it explains, by the suite's `training_protocol`:
///
/// - `in-task`: on the evaluated task's `train_split`;
/// - `leave-one-task-out`: on the `train_split`s of the suite's other tasks of the same model kind that
///   have human rationales (ExpNet's cross-task protocol).
///
/// Training examples are the first `train_examples` of a shuffle seeded by the task's `selection_seed`
/// (salted with "train"; examples the suite evaluates from the same split are left out), cut to `max_words` /
/// `max_sources` as the evaluated ones. Encoder examples are kept only when the classifier predicts
/// their gold label (ExpNet trains on correctly classified examples); each carries its human word
/// rationale (all zeros when it has none). Decoder examples carry the source holding the first gold
/// answer as their rationale (empty when no source does), the supervision SQuAD-format data gives for
/// free; an explainer that learns from ablations (AT2) may ignore it.
///
/// The learned state is cached in `<store>.trained/<id>-<key>/` (the key hashes everything above), so a
/// resumed run loads it instead of retraining; training is seeded, so the same command gives the same
/// bytes. The state is written to a `-partial` folder and renamed when complete: a run killed while
/// training trains again. Every unit of a trained explainer records the protocol in its `training` field.
extension Runner {
    /// The explainer ready to explain `entry`'s examples, with a description of its training (nil when it
    /// does not learn). An explainer that already carries a learned state (AT2 with `state_directory`)
    /// is used as it is. Memoised per cache key, failures included.
    func prepared(_ explainer: any Explainer, for entry: Suite.TaskEntry) throws -> (any Explainer, String?) {
        guard let trainable = explainer as? any TrainableExplainer else { return (explainer, nil) }
        if let preloaded = trainable.preloadedState { return (explainer, preloaded) }
        let tasks = try trainingTasks(for: entry, explainer: trainable)
        let key = try trainingKey(explainer.id, tasks: tasks)
        let result = trained[key] ?? Result { try train(trainable, tasks: tasks, key: key) }
        trained[key] = result
        let (ready, description) = try result.get()
        return (ready, description)
    }

    /// The protocol `explainer` trains by: the suite's, except that an explainer that learns the model's
    /// own behaviour rather than human rationales (AT2) always trains in-task — the fit belongs to the
    /// evaluated task's model, and any task has training inputs to ablate.
    func trainingProtocol(of explainer: any TrainableExplainer) -> TrainingProtocol {
        explainer.learnsFromRationales ? suite.trainingProtocol : .inTask
    }

    /// The suite entries `explainer`, evaluated on `entry`, trains on.
    func trainingTasks(for entry: Suite.TaskEntry, explainer: any TrainableExplainer) throws -> [Suite.TaskEntry] {
        guard explainer.learnsFromRationales else { return [entry] }  // in-task, rationales or not
        let task = try TaskInputs.definition(of: entry)
        switch suite.trainingProtocol {
        case .inTask:
            guard task.format == .squad || task.hasRationales else {
                throw TrainingUnavailable(reason: "task \(entry.task) has no human rationales to train on in-task (\"training_protocol\": \"leave-one-task-out\" trains on the other tasks)")
            }
            return [entry]
        case .leaveOneTaskOut:
            let others = try suite.tasks.filter { other in
                guard other.task != entry.task else { return false }
                let definition = try TaskInputs.definition(of: other)
                return (definition.format == .squad) == (task.format == .squad) && (definition.format == .squad || definition.hasRationales)
            }
            guard !others.isEmpty else {
                throw TrainingUnavailable(reason: "leave-one-task-out for \(entry.task) needs another task of the same model kind with rationales in the suite")
            }
            return others
        }
    }

    /// FNV-1a of everything that determines a trained state.
    func trainingKey(_ id: String, tasks: [Suite.TaskEntry]) throws -> String {
        let options = suite.explainers.first { $0.id == id }?.options.map { JSONWriter.string($0, sortKeys: true) } ?? "{}"
        let defaults = JSONWriter.string(.object(try registry.entry(id).defaultConfiguration), sortKeys: true)
        var text = "\(id)\n\(defaults)\n\(options)\n\(suite.trainingProtocol.rawValue)\n"
        for task in tasks {
            text += "\(task.task)|\(task.trainSplit)|\(task.trainExamples)|\(task.model)|\(task.selectionSeed)|"
                + "\(task.definition ?? "")|\(task.maxWords)|\(task.maxSources)"
                + (task.part == "all" ? "" : "|part=\(task.part)") + "\n"
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "\(id)-" + String(format: "%016llx", hash)
    }

    /// Loads the cached state of `key`, or trains on `tasks` and caches it.
    func train(_ explainer: any TrainableExplainer, tasks: [Suite.TaskEntry], key: String) throws -> (any Explainer, String) {
        let manager = FileManager.default
        let folder = store.path + ".trained/" + key, partial = folder + "-partial"
        let provenancePath = folder + "/training.json"
        if manager.fileExists(atPath: provenancePath) {
            let json = JSONCursor(try JSONParser.parse(contentsOf: provenancePath), source: JSONSource(name: provenancePath))
            let description = try json.field("description").string()
            logger.info("loading trained state", metadata: ["state": "\(folder)"])
            return (try Self.loading(explainer, from: folder), description)
        }
        try? manager.removeItem(atPath: partial)
        var examples: [RationaleExample] = []
        var parts: [String] = []
        for task in tasks {
            let chosen = try trainingExamples(task)
            let articles = ContextTaskSplit.Part(rawValue: task.part).map(ContextTaskSplit.trainingPart(evaluating:)) ?? .all
            parts.append("\(task.task)/\(task.trainSplit)" + (articles == .all ? "" : " \(articles.rawValue) articles")
                         + " (\(chosen.count) examples)")
            examples += chosen
        }
        let protocolName = trainingProtocol(of: explainer).rawValue
        let description = "\(protocolName): " + parts.joined(separator: ", ") + "; state \(key)"
        logger.info("training", metadata: ["explainer": "\(explainer.id)", "protocol": "\(description)"])
        let ready = try Self.training(explainer, on: examples)
        do {
            try manager.createDirectory(atPath: partial, withIntermediateDirectories: true)
            try ready.saveState(to: partial)
            let manifest = JSONValue.object(JSONObject([
                ("explainer", JSONValue(explainer.id)), ("protocol", JSONValue(protocolName)),
                ("tasks", .array(tasks.map { JSONValue($0.task) })), ("examples", JSONValue(examples.count)),
                ("seed", JSONValue(String(suite.seed))), ("key", JSONValue(key)), ("description", JSONValue(description)),
            ]))
            try (JSONWriter.string(manifest, style: .pretty) + "\n").write(toFile: partial + "/training.json", atomically: true, encoding: .utf8)
            try? manager.removeItem(atPath: folder)
            try manager.moveItem(atPath: partial, toPath: folder)
        } catch {
            throw BenchRunnerError.store(path: folder, reason: "cannot cache the trained state (\(error)); check the run folder is writable")
        }
        return (ready, description)
    }

    /// The training examples of one suite task.
    func trainingExamples(_ entry: Suite.TaskEntry) throws -> [RationaleExample] {
        if let loaded = trainingData[entry.task] { return loaded }
        let examples = try loadTrainingExamples(entry)
        trainingData[entry.task] = examples
        return examples
    }

    func loadTrainingExamples(_ entry: Suite.TaskEntry) throws -> [RationaleExample] {
        let task = try TaskInputs.definition(of: entry)
        guard (try? task.split(named: entry.trainSplit)) != nil else {
            throw TrainingUnavailable(reason: "task \(entry.task) has no split \"\(entry.trainSplit)\" to train on; set the task's \"train_split\"")
        }
        if task.format == .squad {
            let (loaded, _) = try DatasetLoader.loadContexts(task: task, split: entry.trainSplit, dataDirectory: data)
            let model = try models.decoder(for: entry, task: task)
            let part = ContextTaskSplit.Part(rawValue: entry.part) ?? .all
            let pool = ContextTaskSplit.examples(loaded, part: ContextTaskSplit.trainingPart(evaluating: part))
            let chosen = part == .all
                ? trainingSelection(entry, total: pool.count)
                : Array(TaskInputs.selection(total: pool.count, count: entry.trainExamples, task: entry.task + "-train",
                                             seed: entry.selectionSeed))
            return try chosen
                .map { index in
                    let example = pool[index]
                    let sources = TaskInputs.sources(of: example, maxSources: entry.maxSources)
                    let answer = example.answers.first ?? ""
                    let subject = try DecoderSubject(model: model, sources: sources, question: example.question, response: " " + answer)
                    let holding = answer.isEmpty ? nil : sources.firstIndex { $0.contains(answer) }
                    return RationaleExample(subject: .decoder(subject), rationale: sources.indices.map { $0 == holding ? 1 : 0 })
                }
        }
        let (all, _) = try DatasetLoader.load(task: task, split: entry.trainSplit, dataDirectory: data)
        let model = try classifier(for: entry, task: task)
        var result: [RationaleExample] = []
        for index in trainingSelection(entry, total: all.count) {
            let example = TaskInputs.truncated(all[index], maxWords: entry.maxWords)
            guard !example.words.isEmpty else { continue }
            let subject = try EncoderSubject(model: model, words: example.words)
            guard subject.target == example.label else { continue }
            result.append(RationaleExample(subject: .encoder(subject),
                                           rationale: example.rationale ?? [UInt8](repeating: 0, count: example.words.count)))
        }
        return result
    }

    /// The training indices of a task: a seeded shuffle salted with "train", without any example the suite
    /// evaluates from the same split (so training on the evaluated split never sees an evaluated example).
    func trainingSelection(_ entry: Suite.TaskEntry, total: Int) -> [Int] {
        var evaluated = Set<Int>()
        for other in suite.tasks where other.task == entry.task && other.split == entry.trainSplit {
            evaluated.formUnion(TaskInputs.selection(total: total, count: other.examples, task: other.task, seed: other.selectionSeed))
        }
        let order = TaskInputs.selection(total: total, count: 0, task: entry.task + "-train", seed: entry.selectionSeed)
            .filter { !evaluated.contains($0) }
        return entry.trainExamples == 0 ? order : Array(order.prefix(entry.trainExamples))
    }

    static func training<T: TrainableExplainer>(_ explainer: T, on examples: [RationaleExample]) throws -> T {
        try explainer.trained(on: examples)
    }

    static func loading<T: TrainableExplainer>(_ explainer: T, from folder: String) throws -> T {
        try explainer.loadingState(from: folder)
    }
}

/// A learned explainer has nothing to train on for a task: its units are recorded as skipped, with the reason.
struct TrainingUnavailable: Error, CustomStringConvertible {
    /// Why.
    var reason: String
    var description: String { reason }
}
