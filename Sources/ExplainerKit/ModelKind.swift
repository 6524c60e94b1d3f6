/// The kinds of model an explainer can explain.
public enum ModelKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// A BERT-family encoder with a classification head; features are words.
    case encoderClassifier = "encoder-classifier"
    /// A llama-family decoder LM; features are context sources, the target a response's log-probability.
    case decoderLM = "decoder-lm"

    public static func < (lhs: ModelKind, rhs: ModelKind) -> Bool { lhs.rawValue < rhs.rawValue }
}
