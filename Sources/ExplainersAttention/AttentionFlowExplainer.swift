import Dispatch
import ExplainerKit

/// `attention-flow`: Abnar & Zuidema 2020, "Quantifying Attention Flow in Transformers" (their public
/// code, `get_adjmat` and `compute_flows`): the layered graph with a node per token and layer (inputs at
/// the bottom), edges from each layer's tokens to the layer below with the residual-augmented
/// capacities Â = rownorm(mean_h A + I), and for every input token the exact maximum flow from
/// `[CLS]` at the top to it (Dinic's algorithm), normalised to sum to 1. One forward pass, T max-flow
/// runs on (L+1)·T nodes and L·T² edges; their wall time is recorded (`max_flow_seconds`).
///
/// Decoder: one max-flow run per source instead of per token (T runs on a decoder's hundreds of tokens
/// and 30 layers would take hours): a super-source feeds each response token at the top layer one unit
/// (as `[CLS]` sends one unit on the encoder; the response rows are those `attention-rollout` averages),
/// a super-sink drains the source's tokens at the input layer, and the sources' flows are normalised to
/// sum to 1 (each source's score is spread evenly over its tokens). The causal graph has L·T(T+1)/2 edges.
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
        needs: [.attentions], modelKinds: [.encoderClassifier, .decoderLM], forwardPassBudget: ForwardPassBudget(constant: 1))

    public func explain(_ subject: ExplanationSubject) throws -> Attribution {
        switch subject {
        case .encoder(let encoder):
            let (_, attentions) = try encoder.forward()
            let start = DispatchTime.now().uptimeNanoseconds
            let flows = Self.flows(attentions.storage, layers: encoder.shape.layers, heads: encoder.shape.heads,
                                   tokens: encoder.tokens.count, reduction: configuration.headReduction)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return Attribution(tokenScores: flows.map { Float($0) }, of: subject,
                               diagnostics: ["max_flow_seconds": seconds, "max_flow_runs": Double(encoder.tokens.count)])
        case .decoder(let decoder):
            let attentions = try decoder.attentions()   // (L,H,T,T)
            let start = DispatchTime.now().uptimeNanoseconds
            let flows = Self.sourceFlows(attentions.storage, layers: attentions.shape[0], heads: attentions.shape[1],
                                         tokens: attentions.shape[2], outputs: Array(decoder.promptLength..<attentions.shape[2]),
                                         sourceIDs: decoder.sourceIDs, sourceCount: decoder.sources.count,
                                         reduction: configuration.headReduction)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return Attribution(featureScores: flows.map { Float($0) }, of: subject,
                               diagnostics: ["max_flow_seconds": seconds, "max_flow_runs": Double(decoder.sources.count)])
        }
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

    /// The normalised maximum flow (one value per source) from the `outputs` tokens of the last layer,
    /// fed one unit each by a super-source, to each source's input tokens, joined by a super-sink;
    /// `sourceIDs` gives each token's source. Attention probabilities (L,H,T,T).
    public static func sourceFlows(_ attentions: [Float], layers: Int, heads: Int, tokens t: Int, outputs: [Int],
                                   sourceIDs: [Int?], sourceCount: Int, reduction: HeadReduction) -> [Double] {
        let augmented = ResidualAttention.augmented(attentions, layers: layers, heads: heads, tokens: t, reduction: reduction)
        let superSource = (layers + 1) * t, firstSink = superSource + 1
        var network = FlowNetwork(nodes: firstSink + sourceCount)
        for i in 1...layers {
            for from in 0..<t {
                for to in 0..<t where augmented[i - 1][from * t + to] > 0 {
                    network.addEdge(i * t + from, (i - 1) * t + to, capacity: augmented[i - 1][from * t + to])
                }
            }
        }
        for output in outputs { network.addEdge(superSource, layers * t + output, capacity: 1) }
        // The sinks' edges can carry all the flow there is, so they never bind.
        let all = Double(outputs.count)
        for (token, owner) in sourceIDs.enumerated() { if let owner { network.addEdge(token, firstSink + owner, capacity: all) } }
        let values = (0..<sourceCount).map { network.maximumFlow(from: superSource, to: firstSink + $0) }
        let total = values.reduce(0, +)
        return values.map { total > 0 ? $0 / total : 0 }
    }
}
