import ExplainerKit
import ExplainersAttention
import ExplainersBaseline
import ExplainersLearned
import ExplainersPerturbation

/// The one list of explainer families built into AttriBench. A family target exports a literal list
/// of entries; adding a family means adding its list here (and its target to Package.swift).
public enum Catalog {
    /// Every built-in family's entries.
    public static let families: [[ExplainerEntry]] = [
        BaselineExplainers.entries,
        AttentionExplainers.entries,
        PerturbationExplainers.entries,
        LearnedExplainers.entries,
    ]

    /// The built-in registry, with `additional` entries after the built-ins.
    public static func registry(adding additional: [ExplainerEntry] = []) throws -> ExplainerRegistry {
        try ExplainerRegistry(families.flatMap { $0 } + additional)
    }
}
