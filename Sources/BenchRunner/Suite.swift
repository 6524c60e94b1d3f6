import AttriJSON
import Foundation

/// How a suite trains its learned explainers.
public enum TrainingProtocol: String, Sendable, Equatable, CaseIterable {
    /// Train on the evaluated task's own training split (a task without human rationales has none to learn from).
    case inTask = "in-task"
    /// Train on the training splits of the suite's other tasks that have human rationales, evaluate on the
    /// held-out task (ExpNet's cross-task protocol, arXiv 2601.14112); a task without rationales is
    /// evaluated after training on every rationale task.
    case leaveOneTaskOut = "leave-one-task-out"
}

/// A benchmark suite: which tasks (data, split, model, how many examples), which explainers with which
/// options, and the seeds. Read from JSON with snake_case keys; an unknown key is an error naming it.
public struct Suite: Sendable, Equatable {
    /// One task of the suite.
    public struct TaskEntry: Sendable, Equatable {
        /// A task id of the Datasets catalog (`sst2`, `hatexplain`, `movies`, `cola`, `xquad`).
        public var task: String
        /// The split to evaluate.
        public var split: String
        /// How many examples (the first N after a seeded shuffle); 0 means all.
        public var examples: Int
        /// The model: `finetuned` (the project's fine-tuned classifier of the task, trained when missing),
        /// `decoder` (the default decoder LM), or a path to an HF classifier folder or a GGUF file.
        public var model: String
        /// Seed of the example selection.
        public var selectionSeed: UInt64 = 0
        /// A task definition file (JSON, the Datasets format) replacing the built-in one, e.g. to point the
        /// task at other files or splits; nil for the built-in definition.
        public var definition: String?
        /// The longest input in words: longer inputs keep their first `maxWords` words (recorded); 0 = no limit.
        public var maxWords: Int = 0
        /// Decoder tasks: the longest context in sources (sentences); 0 = no limit.
        public var maxSources: Int = 0
        /// The split a learned explainer trains on when this task is a training task (default `train`).
        public var trainSplit: String = "train"
        /// How many training examples (the first N after a seeded shuffle); 0 means all.
        public var trainExamples: Int = 0
        /// Decoder tasks: the explained response, `gold` (the first reference answer) or `greedy` (the
        /// model's own greedy answer, as AT2 and ContextCite explain).
        public var response: String = "gold"
        /// Decoder tasks: which questions, `all`, or the AT2 article split's `train` / `eval` part
        /// (`ContextTaskSplit`).
        public var part: String = "all"

        /// A task entry.
        public init(task: String, split: String, examples: Int, model: String, selectionSeed: UInt64 = 0,
                    definition: String? = nil, maxWords: Int = 0, maxSources: Int = 0, response: String = "gold", part: String = "all") {
            self.task = task
            self.split = split
            self.examples = examples
            self.model = model
            self.selectionSeed = selectionSeed
            self.definition = definition
            self.maxWords = maxWords
            self.maxSources = maxSources
            self.response = response
            self.part = part
        }
    }

    /// One explainer of the suite.
    public struct ExplainerEntry: Sendable, Equatable {
        /// The registered id, or `*` for every registered explainer.
        public var id: String
        /// Options overriding the explainer's defaults (a JSON object), nil for none.
        public var options: JSONValue?

        /// An entry.
        public init(id: String, options: JSONValue? = nil) {
            self.id = id
            self.options = options
        }
    }

    /// The suite's name.
    public var name: String
    /// What it is for.
    public var description: String
    /// The tasks.
    public var tasks: [TaskEntry]
    /// The explainers.
    public var explainers: [ExplainerEntry]
    /// Seed of every random choice of the run (ablation samples, bootstrap).
    public var seed: UInt64
    /// Bootstrap resamples for the confidence intervals.
    public var bootstrapResamples: Int
    /// Random ablations for the decoder's LDS.
    public var ldsAblations: Int
    /// How learned explainers (`TrainableExplainer`) are trained (default in-task).
    public var trainingProtocol: TrainingProtocol = .inTask
    /// The canonical JSON text of the suite (what its fingerprint hashes).
    public let canonicalJSON: String

    /// Reads a suite file.
    public static func load(path: String) throws -> Suite {
        do {
            return try Suite(JSONCursor(JSONParser.parse(contentsOf: path), source: JSONSource(name: path)))
        } catch let error as BenchRunnerError {
            throw error
        } catch {
            throw BenchRunnerError.invalidSuite(source: path, reason: "\(error)")
        }
    }

    /// A suite from its JSON.
    public init(_ json: JSONCursor) throws {
        try json.rejectUnknownKeys(["name", "description", "tasks", "explainers", "seed", "bootstrap_resamples", "lds_ablations",
                                   "training_protocol"])
        name = try json.field("name").string()
        description = try json.optionalField("description")?.string() ?? ""
        seed = UInt64(try json.optionalField("seed")?.integer(in: 0...Int.max) ?? 0)
        bootstrapResamples = try json.optionalField("bootstrap_resamples")?.integer(in: 100...1_000_000) ?? 1000
        ldsAblations = try json.optionalField("lds_ablations")?.integer(in: 4...100_000) ?? 64
        if let text = try json.optionalField("training_protocol") {
            guard let value = TrainingProtocol(rawValue: try text.string()) else {
                throw BenchRunnerError.invalidSuite(source: json.source.name, reason: "\"training_protocol\" is \"\(try text.string())\"; use "
                                                    + TrainingProtocol.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or "))
            }
            trainingProtocol = value
        }
        tasks = try json.field("tasks").array().map { task in
            try task.rejectUnknownKeys(["task", "split", "examples", "model", "selection_seed", "definition", "max_words", "max_sources",
                                      "train_split", "train_examples", "response", "part"])
            let response = try task.optionalField("response")?.string() ?? "gold"
            let part = try task.optionalField("part")?.string() ?? "all"
            guard ["gold", "greedy"].contains(response), ContextTaskSplit.Part(rawValue: part) != nil else {
                throw BenchRunnerError.invalidSuite(source: json.source.name,
                                                    reason: "task \"response\" must be gold or greedy (got \(response)), \"part\" all, train or eval (got \(part))")
            }
            var entry = TaskEntry(
                task: try task.field("task").string(), split: try task.field("split").string(),
                examples: try task.optionalField("examples")?.integer(in: 0...Int.max) ?? 0,
                model: try task.field("model").string(),
                selectionSeed: UInt64(try task.optionalField("selection_seed")?.integer(in: 0...Int.max) ?? 0),
                definition: try task.optionalField("definition")?.string(),
                maxWords: try task.optionalField("max_words")?.integer(in: 0...Int.max) ?? 0,
                maxSources: try task.optionalField("max_sources")?.integer(in: 0...Int.max) ?? 0,
                response: response, part: part)
            entry.trainSplit = try task.optionalField("train_split")?.string() ?? "train"
            entry.trainExamples = try task.optionalField("train_examples")?.integer(in: 0...Int.max) ?? 0
            return entry
        }
        explainers = try json.field("explainers").array().map { entry in
            if case .string(let id) = entry.value { return ExplainerEntry(id: id) }
            try entry.rejectUnknownKeys(["id", "options"])
            let options = try entry.optionalField("options")
            _ = try options?.object()
            return ExplainerEntry(id: try entry.field("id").string(), options: options?.value)
        }
        guard !tasks.isEmpty else { throw BenchRunnerError.invalidSuite(source: json.source.name, reason: "\"tasks\" is empty; list at least one task") }
        guard !explainers.isEmpty else {
            throw BenchRunnerError.invalidSuite(source: json.source.name, reason: "\"explainers\" is empty; list ids, or \"*\" for every registered explainer")
        }
        canonicalJSON = JSONWriter.string(json.value)
    }

    /// A stable hash of the suite's content (provenance).
    public var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in canonicalJSON.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(format: "%016llx", hash)
    }
}
