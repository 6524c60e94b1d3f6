import ExplainerKit

/// The gradient family's explainers.
public enum GradientExplainers {
    /// Every entry of the family.
    public static let entries: [ExplainerEntry] = [
        ExplainerEntry(SaliencyExplainer.descriptor, configuration: SaliencyExplainer.Configuration.self) {
            SaliencyExplainer(configuration: $0)
        },
        ExplainerEntry(GradientXInputExplainer.descriptor, configuration: GradientXInputExplainer.Configuration.self) {
            GradientXInputExplainer(configuration: $0)
        },
        ExplainerEntry(IntegratedGradientsExplainer.descriptor, configuration: IntegratedGradientsExplainer.Configuration.self) {
            IntegratedGradientsExplainer(configuration: $0)
        },
        // `attribench new-explainer` adds entries above this line.
    ]
}
