import Datasets

/// The split of a one-split context-attribution task (XQuAD ships one file) into AT2's training and
/// evaluation questions, disjoint by article: the articles in file order, every third one (index 2, 5,
/// 8, …) is `eval`, the others `train`. No evaluation paragraph or question is ever trained on.
public enum ContextTaskSplit {
    /// Which questions.
    public enum Part: String, Sendable, CaseIterable {
        /// Every question.
        case all
        /// Questions of the training articles.
        case train
        /// Questions of the evaluation articles.
        case eval
    }

    /// The questions a learned explainer trains on when a suite evaluates `part`: the other part's
    /// articles (so no evaluated paragraph is trained on), or every question for `all` (the runner then
    /// leaves out the evaluated questions themselves).
    public static func trainingPart(evaluating part: Part) -> Part {
        switch part {
        case .all: return .all
        case .train: return .eval
        case .eval: return .train
        }
    }

    /// Whether the article at `index` (file order) is an evaluation article.
    public static func isEvaluationArticle(_ index: Int) -> Bool { index % 3 == 2 }

    /// The examples of `part`, in their order.
    public static func examples(_ examples: [ContextExample], part: Part) -> [ContextExample] {
        guard part != .all else { return examples }
        var articles: [String: Int] = [:]
        return examples.filter { example in
            let index = articles[example.title] ?? articles.count
            articles[example.title] = index
            return isEvaluationArticle(index) == (part == .eval)
        }
    }

    /// A question's context as sources: its sentences, at most `maxSources` around the answer (the
    /// runner's rule, `TaskInputs.sources`).
    public static func sources(of example: ContextExample, maxSources: Int) -> [String] {
        TaskInputs.sources(of: example, maxSources: maxSources)
    }

    /// The first `count` of `total` indices after the runner's seeded shuffle (all when 0).
    public static func selection(total: Int, count: Int, task: String, seed: UInt64) -> [Int] {
        TaskInputs.selection(total: total, count: count, task: task, seed: seed)
    }
}
