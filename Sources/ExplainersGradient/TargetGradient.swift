import ExplainerKit

/// The explained target's value and gradient with respect to the input embeddings, for either model
/// kind: the encoder's `output` of the target class, or the decoder's log p(response | prompt).
///
/// T tokens, C channels.
struct TargetGradient {
    /// The target's value at the input.
    var value: Float
    /// The input embeddings (T,C).
    var embeddings: [Float]
    /// ∂ value / ∂ embeddings (T,C).
    var gradient: [Float]
    /// Tokens T.
    var tokens: Int
    /// Channels C.
    var channels: Int

    /// One forward and one backward pass at the input of `subject`.
    init(_ subject: ExplanationSubject, output: TargetOutput) throws {
        switch subject {
        case .encoder(let encoder):
            let g = try encoder.gradient(output: output)
            (value, embeddings, gradient) = (g.value, g.embeddings, g.gradient)
            channels = encoder.shape.hiddenSize
        case .decoder(let decoder):
            (value, embeddings, gradient) = try decoder.gradient()
            channels = decoder.shape.hiddenSize
        }
        tokens = subject.tokens.count
    }
}
