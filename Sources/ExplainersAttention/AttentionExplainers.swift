import ExplainerKit

/// The attention family's explainers.
public enum AttentionExplainers {
    /// Every entry of the family.
    public static let entries: [ExplainerEntry] = [
        ExplainerEntry(RawAttentionExplainer.descriptor, configuration: RawAttentionExplainer.Configuration.self) {
            RawAttentionExplainer(configuration: $0)
        },
        ExplainerEntry(AttentionRolloutExplainer.descriptor, configuration: AttentionRolloutExplainer.Configuration.self) {
            AttentionRolloutExplainer(configuration: $0)
        },
        ExplainerEntry(AttentionFlowExplainer.descriptor, configuration: AttentionFlowExplainer.Configuration.self) {
            AttentionFlowExplainer(configuration: $0)
        },
        ExplainerEntry(GradAttentionExplainer.descriptor, configuration: GradAttentionExplainer.Configuration.self) {
            GradAttentionExplainer(configuration: $0)
        },
        ExplainerEntry(AttentionGradientNormExplainer.descriptor, configuration: AttentionGradientNormExplainer.Configuration.self) {
            AttentionGradientNormExplainer(configuration: $0)
        },
        // `attribench new-explainer` adds entries above this line.
    ]
}
