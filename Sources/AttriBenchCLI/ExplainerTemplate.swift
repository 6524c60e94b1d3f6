/// The files `attribench new-explainer` writes: a working explainer (keep-one-in: each feature's score is
/// the target with only that feature kept, minus the target with none kept) and its tests, both ready
/// to edit. Placeholders: __TYPE__, __ID__, __NAME__, __FAMILY__, __MODULE__.
enum ExplainerTemplate {
    static let source = #"""
import ExplainerKit

/// `__ID__`: __NAME__. Keep-one-in: a feature's score is the target (the class probability, or the
/// decoder's log p(response)) with only that feature kept, minus the target with every feature removed.
/// M + 1 forward passes, batched. Replace `explain(_:)` with your method and cite its paper here.
public struct __TYPE__: Explainer {
    /// Options (a suite file overrides them by their snake_case names).
    public struct Configuration: ExplainerConfiguration {
        /// How a word is removed (encoder).
        public var removal = WordRemoval.mask
        /// The number attributed (encoder).
        public var output = TargetOutput.probability
        /// Defaults.
        public init() {}
    }

    /// The options in use.
    public let configuration: Configuration

    /// An explainer with `configuration`.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public var descriptor: ExplainerDescriptor { Self.descriptor }

    /// The descriptor.
    public static let descriptor = ExplainerDescriptor(
        id: "__ID__", name: "__NAME__", family: .__FAMILY__,
        reference: "Keep-one-in perturbation (scaffolded by attribench new-explainer; cite your method here)",
        modelKinds: [.encoderClassifier, .decoderLM], forwardPassBudget: ForwardPassBudget(perFeature: 1, constant: 1))

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        let m = subject.features.count
        let masks = [[Bool](repeating: false, count: m)] + (0..<m).map { kept in (0..<m).map { $0 == kept } }
        let values: [Float]
        switch subject {
        case .encoder(let encoder):
            values = try encoder.targetValues(keeping: masks, removal: configuration.removal, output: configuration.output)
        case .decoder(let decoder):
            values = try decoder.responseLogProbabilities(keeping: masks)
        }
        return Attribution(featureScores: values.dropFirst().map { $0 - values[0] }, of: subject)
    }
}

"""#

    static let test = #"""
import ExplainerKit
import ExplainerTestKit
import __MODULE__
import Testing

/// Tests of `__ID__` (scaffolded by attribench new-explainer).
@Suite struct __TYPE__Tests {
    @Test func passesTheConformanceKit() throws {
        try ExplainerConformance.verify(ExplainerEntry(__TYPE__.descriptor, configuration: __TYPE__.Configuration.self) {
            __TYPE__(configuration: $0)
        })
    }

    @Test func scoresEqualTheExplicitKeepOneInLoop() throws {
        let subject = try EncoderSubject(model: TinyModels.encoder(), words: ["w1", "w2s", "w3"])
        let attribution = try ExplanationSubject.encoder(subject).explain(with: __TYPE__())
        let none = try subject.targetValues(keeping: [[false, false, false]])[0]
        for word in 0..<3 {
            let kept = try subject.targetValues(keeping: [(0..<3).map { $0 == word }])[0]
            #expect(abs(attribution.featureScores[word] - (kept - none)) < 1e-6)
        }
    }
}

"""#
}
