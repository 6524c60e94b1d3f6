/// The built-in task definitions, as literal values over the shipped data (`../shared/datasets`).
extension TaskDefinition {
    /// SST-2 binary sentiment with soft and hard rationales derived from the treebank's phrase labels.
    public static let sst2 = TaskDefinition(
        id: "sst2", format: .rationaleJSONL,
        splits: [
            SplitSource(name: "train", file: "sst2/sst2_train_rationales.jsonl"),
            SplitSource(name: "dev", file: "sst2/sst2_dev_rationales.jsonl"),
        ],
        labelNames: ["negative", "positive"], labelEncoding: .index, hasRationales: true,
        fields: FieldNames(words: "tokens", label: "label", rationale: "rationale", softRationale: "rationale_soft")
    )

    /// HateXplain toxic vs non-toxic posts; both splits come from one file, selected by its `split` field.
    public static let hatexplain = TaskDefinition(
        id: "hatexplain", format: .rationaleJSONL,
        splits: [
            SplitSource(name: "train", file: "hatexplain/hatexplain_rationales.jsonl", selectValue: "train"),
            SplitSource(name: "val", file: "hatexplain/hatexplain_rationales.jsonl", selectValue: "val"),
        ],
        labelNames: ["non-toxic", "toxic"], labelEncoding: .name, hasRationales: true,
        fields: FieldNames(id: "id", words: "tokens", label: "label", rationale: "rationale", split: "split")
    )

    /// CoLA grammatical acceptability (no rationales); `sentence<TAB>label` without a header row.
    public static let cola = TaskDefinition(
        id: "cola", format: .tsv,
        splits: [
            SplitSource(name: "train", file: "cola/train.tsv"),
            SplitSource(name: "dev_out_of_domain", file: "cola/dev_out_of_domain.tsv"),
        ],
        labelNames: ["unacceptable", "acceptable"], labelEncoding: .index, hasRationales: false,
        columns: TSVColumns(names: ["sentence", "label"], text: "sentence", label: "label", header: false)
    )

    /// ERASER Movies reviews with human evidence spans, read straight from `movies.tar.gz`.
    public static let movies = TaskDefinition(
        id: "movies", format: .eraser,
        splits: [
            SplitSource(name: "train", file: "eraser_movies/movies.tar.gz", member: "movies/train.jsonl"),
            SplitSource(name: "val", file: "eraser_movies/movies.tar.gz", member: "movies/val.jsonl"),
        ],
        labelNames: ["NEG", "POS"], labelEncoding: .name, hasRationales: true,
        fields: FieldNames(id: "annotation_id", words: "", label: "classification")
    )

    /// XQuAD (English): questions over Wikipedia paragraphs, for context attribution with a decoder.
    public static let xquad = TaskDefinition(
        id: "xquad", format: .squad,
        splits: [SplitSource(name: "dev", file: "xquad/xquad.en.json")],
        labelNames: [], labelEncoding: .name, hasRationales: false,
        fields: FieldNames(id: "id", words: "context", label: "answers")
    )
}

/// An immutable list of task definitions with unique ids.
public struct TaskCatalog: Sendable {
    /// The tasks, in order.
    public let tasks: [TaskDefinition]

    /// The five built-in tasks over the shipped data.
    public static let builtIn = TaskCatalog(unchecked: [.sst2, .hatexplain, .cola, .movies, .xquad])

    /// A catalog of `tasks`; throws on a duplicate id or an invalid definition.
    public init(_ tasks: [TaskDefinition]) throws {
        var seen: Set<String> = []
        for task in tasks {
            try task.validate()
            guard seen.insert(task.id).inserted else {
                throw DatasetError.invalidTaskDefinition(task: task.id, problem: "two tasks share this id")
            }
        }
        self.tasks = tasks
    }

    private init(unchecked tasks: [TaskDefinition]) {
        self.tasks = tasks
    }

    /// The task ids, in order.
    public var ids: [String] { tasks.map(\.id) }

    /// The task with `id`, or an error listing the known ids.
    public func task(id: String) throws -> TaskDefinition {
        guard let task = tasks.first(where: { $0.id == id }) else {
            throw DatasetError.unknownTask(id: id, known: ids)
        }
        return task
    }
}
