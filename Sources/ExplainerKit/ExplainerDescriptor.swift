/// The family an explainer belongs to (how it works), used to group the leaderboard.
public enum ExplainerFamily: String, Sendable, Codable, CaseIterable {
    /// Floors and sanity checks (`random`).
    case baseline
    /// Read from attention weights.
    case attention
    /// From gradients of the target.
    case gradient
    /// From forward passes on perturbed inputs.
    case perturbation
    /// Learned from data (ExpNet, AT2).
    case learned
}

/// What an explainer needs from the model and the run, so a runner can skip impossible pairs with a reason.
public enum ExplainerNeed: String, Sendable, Codable, CaseIterable, Comparable {
    /// Attention probabilities from the forward pass.
    case attentions
    /// Backward passes to the input embeddings.
    case gradients
    /// A training split, before explaining (a `TrainableExplainer`).
    case training

    public static func < (lhs: ExplainerNeed, rhs: ExplainerNeed) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The most forward passes one explanation may take, as a function of its feature count M
/// (words or sources): `perFeature · M + constant`, or exactly `constant` when `perFeature` is 0.
/// Every row of a batched pass counts as one forward pass, as the reference libraries count model calls.
public struct ForwardPassBudget: Sendable, Codable, Equatable {
    /// Passes per feature.
    public var perFeature: Int
    /// Passes independent of the features.
    public var constant: Int

    /// A budget of `perFeature · M + constant` passes.
    public init(perFeature: Int = 0, constant: Int) {
        self.perFeature = perFeature
        self.constant = constant
    }

    /// The budget for `features` features.
    public func passes(features: Int) -> Int { perFeature * features + constant }
}

/// Who an explainer is and what it needs: shown by `attribench list explainers`, read by the runner.
public struct ExplainerDescriptor: Sendable, Equatable {
    /// Lower-kebab id, unique in the registry (`raw-attention`).
    public var id: String
    /// Display name (`Raw attention`).
    public var name: String
    /// How it works.
    public var family: ExplainerFamily
    /// The paper or reference implementation it follows.
    public var reference: String
    /// What it needs from the model and the run.
    public var needs: Set<ExplainerNeed>
    /// The model kinds it supports.
    public var modelKinds: Set<ModelKind>
    /// Forward passes allowed for one explanation at the default configuration.
    public var forwardPassBudget: ForwardPassBudget
    /// Backward passes allowed for one explanation at the default configuration.
    public var backwardPassBudget: Int

    /// A descriptor; the id must be lower-kebab case.
    public init(id: String, name: String, family: ExplainerFamily, reference: String, needs: Set<ExplainerNeed> = [],
                modelKinds: Set<ModelKind>, forwardPassBudget: ForwardPassBudget, backwardPassBudget: Int = 0) {
        self.id = id
        self.name = name
        self.family = family
        self.reference = reference
        self.needs = needs
        self.modelKinds = modelKinds
        self.forwardPassBudget = forwardPassBudget
        self.backwardPassBudget = backwardPassBudget
    }

    /// Whether `id` is lower-kebab case: lowercase letters and digits in dash-separated words.
    public static func isValidIdentifier(_ id: String) -> Bool {
        let words = id.split(separator: "-", omittingEmptySubsequences: false)
        return !id.isEmpty && words.allSatisfy { word in
            !word.isEmpty && word.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        } && id.unicodeScalars.first.map { ("a"..."z").contains($0) } == true
    }
}
