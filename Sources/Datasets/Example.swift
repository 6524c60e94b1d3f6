/// One classification example: a sequence of words with a label and, when the task has them, a
/// human rationale over the words.
public struct Example: Sendable, Equatable {
    /// A stable id: the file's own id when it has one, else `<split>-<line>`.
    public var id: String
    /// The words (pre-tokenised in the file, or split on whitespace).
    public var words: [String]
    /// The label, an index into the task's `labelNames`.
    public var label: Int
    /// The hard rationale: 1 for a word a human marked as evidence, else 0; one value per word.
    public var rationale: [UInt8]?
    /// The soft rationale in 0...1, one value per word, when the file has one (SST-2).
    public var softRationale: [Float]?
    /// The evidence spans as word ranges, in file order (ERASER); their union is `rationale`.
    public var evidenceSpans: [Range<Int>]?
    /// The split the example was loaded from (`train`, `dev`, `val`, ...).
    public var split: String

    /// An example with the given fields; rationales default to none.
    public init(id: String, words: [String], label: Int, rationale: [UInt8]? = nil,
                softRationale: [Float]? = nil, evidenceSpans: [Range<Int>]? = nil, split: String) {
        self.id = id
        self.words = words
        self.label = label
        self.rationale = rationale
        self.softRationale = softRationale
        self.evidenceSpans = evidenceSpans
        self.split = split
    }
}

/// One question over a context paragraph (SQuAD-format data such as XQuAD), for context
/// attribution with a decoder. The decoder side splits `context` into sentences itself.
public struct ContextExample: Sendable, Equatable {
    /// The question id from the file.
    public var id: String
    /// The title of the article the paragraph comes from.
    public var title: String
    /// The paragraph, verbatim.
    public var context: String
    /// The question.
    public var question: String
    /// The reference answers, verbatim, in file order.
    public var answers: [String]
    /// The character offset of each answer in `context`, in the same order as `answers`.
    public var answerStarts: [Int]
    /// The split the example was loaded from.
    public var split: String

    /// A context example with the given fields.
    public init(id: String, title: String, context: String, question: String, answers: [String],
                answerStarts: [Int], split: String) {
        self.id = id
        self.title = title
        self.context = context
        self.question = question
        self.answers = answers
        self.answerStarts = answerStarts
        self.split = split
    }
}
