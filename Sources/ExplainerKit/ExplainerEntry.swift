import AttriJSON

/// A registered explainer: its descriptor and a factory that builds it from configuration overrides.
public struct ExplainerEntry: Sendable {
    /// Who the explainer is (at its default configuration).
    public let descriptor: ExplainerDescriptor
    /// The default configuration as JSON (what `list explainers` and results files show).
    public let defaultConfiguration: JSONObject
    private let factory: @Sendable (JSONCursor?) throws -> any Explainer

    /// An entry for an explainer configured by `Configuration`: `make` builds it from the resolved
    /// configuration (defaults with a suite's overrides).
    public init<Configuration: ExplainerConfiguration>(
        _ descriptor: ExplainerDescriptor, configuration: Configuration.Type,
        make: @escaping @Sendable (Configuration) throws -> any Explainer
    ) {
        self.descriptor = descriptor
        self.defaultConfiguration = (try? Configuration().jsonObject()) ?? JSONObject()
        self.factory = { overrides in
            try make(Configuration.resolving(overrides, explainer: descriptor.id))
        }
    }

    /// The explainer with `overrides` (a JSON object of options, nil for the defaults).
    public func make(overrides: JSONCursor? = nil) throws -> any Explainer {
        try factory(overrides)
    }
}
