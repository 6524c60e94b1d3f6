import ExplainerKit

/// The attention family's explainers.
public enum AttentionExplainers {
    /// Every entry of the family.
    public static let entries: [ExplainerEntry] = [
        ExplainerEntry(RawAttentionExplainer.descriptor, configuration: RawAttentionExplainer.Configuration.self) {
            RawAttentionExplainer(configuration: $0)
        },
        // `attribench new-explainer` adds entries above this line.
    ]
}
