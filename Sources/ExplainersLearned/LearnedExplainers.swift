import ExplainerKit

/// The learned family's explainers: ExpNet, AT2, and the baselines of the AT2 paper that share its code.
public enum LearnedExplainers {
    /// Every entry of the family.
    public static let entries: [ExplainerEntry] = [
        ExplainerEntry(ExpNetExplainer.descriptor, configuration: ExpNetExplainer.Configuration.self) {
            ExpNetExplainer(configuration: $0)
        },
        ExplainerEntry(AT2Explainer.descriptor(.decoder), configuration: AT2Explainer.Configuration.self) {
            try AT2Explainer(variant: .decoder, configuration: $0)
        },
        ExplainerEntry(AT2Explainer.descriptor(.decoder, id: "at2-general"), configuration: AT2Explainer.Configuration.self) {
            try AT2Explainer(variant: .decoder, id: "at2-general", configuration: $0)
        },
        ExplainerEntry(AT2Explainer.descriptor(.encoder), configuration: AT2Explainer.Configuration.self) {
            try AT2Explainer(variant: .encoder, configuration: $0)
        },
        ExplainerEntry(AverageAttentionExplainer.descriptor, configuration: NoOptions.self) {
            AverageAttentionExplainer(configuration: $0)
        },
        ExplainerEntry(ContextCiteExplainer.descriptor(id: "context-cite-32", ablations: 32),
                       configuration: ContextCiteExplainer.Configuration.self) {
            try ContextCiteExplainer(id: "context-cite-32", configuration: $0)
        },
        ExplainerEntry(ContextCiteExplainer.descriptor(id: "context-cite-256", ablations: 256),
                       configuration: ContextCiteDefaults256.self) {
            try ContextCiteExplainer(id: "context-cite-256", configuration: $0.configuration)
        },
        // `attribench new-explainer` adds entries above this line.
    ]
}
