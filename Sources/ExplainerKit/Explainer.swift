/// A token-attribution method: given access to a model on one input, scores every token.
///
/// Implementations are values (Sendable, configured at creation) that see the model only through an
/// `ExplanationSubject`, never weights or kernels. Extra abilities live in refined protocols
/// (`TrainableExplainer`); the base protocol has nothing that could throw "unsupported".
public protocol Explainer: Sendable {
    /// Who this explainer is and what it needs.
    var descriptor: ExplainerDescriptor { get }
    /// Scores every token of the subject, or throws (an empty input, an unsupported model kind).
    /// Implementations fill the scores, target and seed; `ExplanationSubject.explain(with:)` adds the cost.
    func explain(_ subject: ExplanationSubject) throws -> Attribution
}

extension Explainer {
    /// The explainer's id.
    public var id: String { descriptor.id }

    /// Throws `unsupportedModel` unless the descriptor lists the subject's model kind.
    public func requireSupport(of subject: ExplanationSubject) throws {
        guard descriptor.modelKinds.contains(subject.modelKind) else {
            throw ExplainerError.unsupportedModel(explainer: descriptor.id, kind: subject.modelKind)
        }
    }
}

/// One training example for a learned explainer: an input and its human word-level rationale.
public struct RationaleExample: Sendable {
    /// The input, with the model access the explainer learns from.
    public var subject: ExplanationSubject
    /// 0/1 per feature (word or source): what a human marked as the reason.
    public var rationale: [UInt8]

    /// An example from a subject and its rationale.
    public init(subject: ExplanationSubject, rationale: [UInt8]) {
        self.subject = subject
        self.rationale = rationale
    }
}

/// An explainer that learns before it explains (ExpNet, AT2): trained on a training split, and able to
/// save and load what it learned so a benchmark run trains once.
public protocol TrainableExplainer: Explainer {
    /// A copy trained on `examples`, seeded by the configuration.
    func trained(on examples: [RationaleExample]) throws -> Self
    /// Whether training reads the examples' human rationales (ExpNet) or only the model's behaviour on
    /// them (AT2 fits ablation effects); a runner trains the latter on any task, rationales or not.
    var learnsFromRationales: Bool { get }
    /// How the learned state the explainer already carries was obtained (e.g. AT2 loaded from its
    /// `state_directory`), or nil when it has none and must be trained; a runner uses it as it is.
    var preloadedState: String? { get }
    /// Writes the learned state into `directory`.
    func saveState(to directory: String) throws
    /// A copy with the learned state read from `directory`.
    func loadingState(from directory: String) throws -> Self
}

extension TrainableExplainer {
    /// Learned explainers learn from human rationales unless they say otherwise.
    public var learnsFromRationales: Bool { true }
    /// Learned explainers start untrained unless they say otherwise.
    public var preloadedState: String? { nil }
}
