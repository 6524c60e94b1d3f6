/// How a task's files are laid out.
public enum DataFormat: String, Sendable, Equatable, Codable {
    /// One JSON object a line with pre-tokenised words, a label and optional rationales (SST-2, HateXplain).
    case rationaleJSONL = "rationale-jsonl"
    /// Tab-separated text and label columns, one example a line (CoLA).
    case tsv
    /// ERASER annotations JSONL plus one whitespace-tokenised document per docid (Movies).
    case eraser
    /// SQuAD v1.1 JSON: articles, paragraphs with a context, questions with answers (XQuAD).
    case squad
}

/// How a label is written in the file.
public enum LabelEncoding: String, Sendable, Equatable, Codable {
    /// An integer index into `labelNames` (`0`, `1`).
    case index
    /// One of the `labelNames` spelled out (`"toxic"`, `"POS"`).
    case name
}

/// Where one split of a task lives.
public struct SplitSource: Sendable, Equatable, Codable {
    /// The split's name (`train`, `dev`, `val`, ...).
    public var name: String
    /// The file, relative to the data directory (or absolute). For ERASER: a `.tar.gz` archive or a folder.
    public var file: String
    /// For ERASER: the annotations file inside the archive or folder; documents are read from
    /// `docs/<docid>` beside it.
    public var member: String?
    /// When several splits share one file: the value of the task's `fields.split` that selects this split.
    public var selectValue: String?

    /// A split named `name` read from `file`.
    public init(name: String, file: String, member: String? = nil, selectValue: String? = nil) {
        self.name = name
        self.file = file
        self.member = member
        self.selectValue = selectValue
    }
}

/// The keys (JSON formats) a task's records use.
public struct FieldNames: Sendable, Equatable, Codable {
    /// The example id; without one, ids are `<split>-<line>`.
    public var id: String?
    /// The words, as an array of strings (JSONL); unused by ERASER, whose words come from the documents.
    public var words: String
    /// The label.
    public var label: String
    /// The hard 0/1 rationale, one value per word.
    public var rationale: String?
    /// The soft rationale in 0...1, one value per word.
    public var softRationale: String?
    /// The field naming each record's split, when one file holds several splits.
    public var split: String?

    /// Field names; the defaults are those of the rationale JSONL files.
    public init(id: String? = nil, words: String = "tokens", label: String = "label", rationale: String? = nil,
                softRationale: String? = nil, split: String? = nil) {
        self.id = id
        self.words = words
        self.label = label
        self.rationale = rationale
        self.softRationale = softRationale
        self.split = split
    }

    enum CodingKeys: String, CodingKey {
        case id, words, label, rationale, softRationale, split
    }

    /// Decodes field names; absent keys take the rationale-JSONL defaults (`tokens`, `label`).
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decodeIfPresent(String.self, forKey: .id),
                  words: try container.decodeIfPresent(String.self, forKey: .words) ?? "tokens",
                  label: try container.decodeIfPresent(String.self, forKey: .label) ?? "label",
                  rationale: try container.decodeIfPresent(String.self, forKey: .rationale),
                  softRationale: try container.decodeIfPresent(String.self, forKey: .softRationale),
                  split: try container.decodeIfPresent(String.self, forKey: .split))
    }
}

/// The columns of a TSV task.
public struct TSVColumns: Sendable, Equatable, Codable {
    /// The names of the columns, in order; every line must have exactly this many.
    public var names: [String]
    /// The column holding the (space-tokenised) text.
    public var text: String
    /// The column holding the label.
    public var label: String
    /// Whether the first line is a header row (which must then equal `names`).
    public var header: Bool

    /// Columns `names`, with text and label read from the named ones.
    public init(names: [String], text: String, label: String, header: Bool) {
        self.names = names
        self.text = text
        self.label = label
        self.header = header
    }
}

/// A task as data: its format, where each split lives, its labels and the fields to read. Point a
/// task at your own copy, another split or another file in the same format by editing these values
/// (or a JSON file decoded into this type).
public struct TaskDefinition: Sendable, Equatable, Codable {
    /// The task id (`sst2`, `hatexplain`, `movies`, `cola`, `xquad`).
    public var id: String
    /// The file format.
    public var format: DataFormat
    /// The splits, in order.
    public var splits: [SplitSource]
    /// The label names; an example's `label` indexes this list. Empty for SQuAD-format tasks.
    public var labelNames: [String]
    /// How labels are written in the files.
    public var labelEncoding: LabelEncoding
    /// Whether examples carry human rationales.
    public var hasRationales: Bool
    /// The keys of JSON records.
    public var fields: FieldNames
    /// The columns of TSV files (`tsv` format only).
    public var columns: TSVColumns?

    /// A task with the given properties.
    public init(id: String, format: DataFormat, splits: [SplitSource], labelNames: [String],
                labelEncoding: LabelEncoding, hasRationales: Bool, fields: FieldNames = FieldNames(),
                columns: TSVColumns? = nil) {
        self.id = id
        self.format = format
        self.splits = splits
        self.labelNames = labelNames
        self.labelEncoding = labelEncoding
        self.hasRationales = hasRationales
        self.fields = fields
        self.columns = columns
    }

    /// The split named `name`, or an error listing the task's splits.
    public func split(named name: String) throws -> SplitSource {
        guard let split = splits.first(where: { $0.name == name }) else {
            throw DatasetError.unknownSplit(task: id, split: name, known: splits.map(\.name))
        }
        return split
    }

    /// Throws when the definition cannot be loaded as written (no splits, a TSV task without columns, ...).
    public func validate() throws {
        func fail(_ problem: String) -> DatasetError { .invalidTaskDefinition(task: id, problem: problem) }
        if splits.isEmpty { throw fail("it has no splits") }
        if Set(splits.map(\.name)).count != splits.count { throw fail("two splits share a name") }
        if format != .squad && labelNames.count < 2 { throw fail("it needs at least two label names") }
        if splits.contains(where: { $0.selectValue != nil }) && fields.split == nil {
            throw fail("a split has a selectValue but fields.split is not set")
        }
        switch format {
        case .rationaleJSONL:
            if hasRationales && fields.rationale == nil { throw fail("hasRationales is true but fields.rationale is not set") }
        case .tsv:
            guard let columns else { throw fail("a TSV task needs columns") }
            for name in [columns.text, columns.label] where !columns.names.contains(name) {
                throw fail("column \"\(name)\" is not among the columns \(columns.names)")
            }
        case .eraser:
            if let split = splits.first(where: { $0.member == nil }) {
                throw fail("ERASER split \"\(split.name)\" needs a member (the annotations file, e.g. movies/train.jsonl)")
            }
        case .squad:
            break
        }
    }
}
