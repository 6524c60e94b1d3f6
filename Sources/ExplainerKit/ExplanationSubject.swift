import Foundation

/// One input to explain, with access to the model that processes it.
public enum ExplanationSubject: Sendable {
    /// An encoder classifier on a sentence; features are words.
    case encoder(EncoderSubject)
    /// A decoder LM on a prompt with sources and a response; features are sources.
    case decoder(DecoderSubject)

    /// The kind of model behind the subject.
    public var modelKind: ModelKind {
        switch self {
        case .encoder: return .encoderClassifier
        case .decoder: return .decoderLM
        }
    }

    /// The model's tokens.
    public var tokens: [String] {
        switch self {
        case .encoder(let s): return s.tokens
        case .decoder(let s): return s.tokens
        }
    }

    /// The features scores are aggregated to: words or sources.
    public var features: [String] {
        switch self {
        case .encoder(let s): return s.words
        case .decoder(let s): return s.sources
        }
    }

    /// The feature of each token, or nil.
    public var tokenFeatures: [Int?] {
        switch self {
        case .encoder(let s): return s.wordIDs
        case .decoder(let s): return s.sourceIDs
        }
    }

    /// What is explained.
    public var target: ExplanationTarget {
        switch self {
        case .encoder(let s): return .classIndex(s.target, label: s.labelNames[s.target])
        case .decoder(let s): return .response(s.response)
        }
    }

    /// A stable 64-bit fingerprint of the input's tokens (FNV-1a): a per-input salt for seeded choices,
    /// so an input's random draws do not depend on what else a run explains or in which order.
    public var fingerprint: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for token in tokens {
            for byte in token.utf8 + [0] { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        return hash
    }

    var counter: PassCounter {
        switch self {
        case .encoder(let s): return s.counter
        case .decoder(let s): return s.counter
        }
    }

    /// Explains the subject with `explainer`, recording the passes it ran and the wall time. A subject
    /// without features (no words, no sources) is an `emptyInput` error before the explainer runs.
    public func explain(with explainer: any Explainer) throws -> Attribution {
        try explainer.requireSupport(of: self)
        guard tokenFeatures.contains(where: { $0 != nil }) else {
            throw ExplainerError.emptyInput(modelKind == .encoderClassifier ? "the input has no words" : "the context has no sources")
        }
        let before = counter.snapshot
        let start = DispatchTime.now().uptimeNanoseconds
        var attribution = try explainer.explain(self)
        let after = counter.snapshot
        attribution.cost = ExplanationCost(forwardPasses: after.forward - before.forward,
                                           backwardPasses: after.backward - before.backward,
                                           seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        return attribution
    }
}
