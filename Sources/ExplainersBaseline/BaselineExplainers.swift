import ExplainerKit

/// The baseline family's explainers.
public enum BaselineExplainers {
    /// Every entry of the family.
    public static let entries: [ExplainerEntry] = [
        ExplainerEntry(RandomExplainer.descriptor, configuration: RandomExplainer.Configuration.self) {
            RandomExplainer(configuration: $0)
        },
        // `attribench new-explainer` adds entries above this line.
    ]
}
