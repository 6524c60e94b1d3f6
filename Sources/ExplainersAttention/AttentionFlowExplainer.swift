import Dispatch
import ExplainerKit

/// `attention-flow`: Abnar & Zuidema 2020, "Quantifying Attention Flow in Transformers" (their public
/// code, `get_adjmat` and `compute_flows`): the layered graph with a node per token and layer (inputs at
/// the bottom), edges from each layer's tokens to the layer below with the residual-augmented
/// capacities Â = rownorm(mean_h A + I), and for every input token the exact maximum flow from
/// `[CLS]` at the top to it (Dinic's algorithm), normalised to sum to 1. One forward pass, T max-flow
/// runs on (L+1)·T nodes and L·T² edges; their wall time is recorded (`max_flow_seconds`).
///
/// Encoder only: on a decoder's hundreds of tokens and 30 layers the graph has millions of edges and
/// T max-flow runs would take hours per example.
public struct AttentionFlowExplainer: Explainer {
    /// Options.
    public struct Configuration: ExplainerConfiguration {
        /// How heads are combined before the residual is added; default `mean` (the paper's).
        public var headReduction = HeadReduction.mean
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
        id: "attention-flow", name: "Attention flow", family: .attention,
        reference: "Abnar & Zuidema 2020, \"Quantifying Attention Flow in Transformers\" (github.com/samiraabnar/attention_flow)",
        needs: [.attentions], modelKinds: [.encoderClassifier], forwardPassBudget: ForwardPassBudget(constant: 1))

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        try requireSupport(of: subject)
        guard case .encoder(let encoder) = subject else { throw ExplainerError.unsupportedModel(explainer: descriptor.id, kind: subject.modelKind) }
        let (_, attentions) = try encoder.forward()
        let start = DispatchTime.now().uptimeNanoseconds
        let flows = Self.flows(attentions.storage, layers: encoder.shape.layers, heads: encoder.shape.heads,
                               tokens: encoder.tokens.count, reduction: configuration.headReduction)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Attribution(tokenScores: flows.map { Float($0) }, of: subject,
                           diagnostics: ["max_flow_seconds": seconds, "max_flow_runs": Double(encoder.tokens.count)])
    }

    /// The normalised maximum flow from token 0 of the last layer to each input token (T), from
    /// attention probabilities (L,H,T,T).
    public static func flows(_ attentions: [Float], layers: Int, heads: Int, tokens t: Int, reduction: HeadReduction) -> [Double] {
        let augmented = ResidualAttention.augmented(attentions, layers: layers, heads: heads, tokens: t, reduction: reduction)
        // Node (layer i, token k) is i·T + k; layer 0 holds the inputs. Edges point down, as in get_adjmat.
        var network = FlowNetwork(nodes: (layers + 1) * t)
        for i in 1...layers {
            for from in 0..<t {
                for to in 0..<t where augmented[i - 1][from * t + to] > 0 {
                    network.addEdge(i * t + from, (i - 1) * t + to, capacity: augmented[i - 1][from * t + to])
                }
            }
        }
        let source = layers * t
        let values = (0..<t).map { network.maximumFlow(from: source, to: $0) }
        let total = values.reduce(0, +)
        return values.map { total > 0 ? $0 / total : 0 }
    }
}
