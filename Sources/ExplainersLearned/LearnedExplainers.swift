import ExplainerKit

/// The learned family's explainers (ExpNet; AT2 joins this list).
public enum LearnedExplainers {
    /// Every entry of the family.
    public static let entries: [ExplainerEntry] = [
        ExplainerEntry(ExpNetExplainer.descriptor, configuration: ExpNetExplainer.Configuration.self) {
            ExpNetExplainer(configuration: $0)
        },
        // `attribench new-explainer` adds entries above this line.
    ]
}
