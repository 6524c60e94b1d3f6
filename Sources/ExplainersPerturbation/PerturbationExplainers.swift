import ExplainerKit

/// The perturbation family's explainers.
public enum PerturbationExplainers {
    /// Every entry of the family.
    public static let entries: [ExplainerEntry] = [
        ExplainerEntry(OcclusionExplainer.descriptor, configuration: OcclusionExplainer.Configuration.self) {
            OcclusionExplainer(configuration: $0)
        },
        ExplainerEntry(LimeExplainer.descriptor, configuration: LimeExplainer.Configuration.self) {
            LimeExplainer(configuration: $0)
        },
        ExplainerEntry(KernelShapExplainer.descriptor, configuration: KernelShapExplainer.Configuration.self) {
            KernelShapExplainer(configuration: $0)
        },
        ExplainerEntry(PartitionShapExplainer.descriptor, configuration: PartitionShapExplainer.Configuration.self) {
            PartitionShapExplainer(configuration: $0)
        },
        // `attribench new-explainer` adds entries above this line.
    ]
}
