/// How a perturbation removes a word from an encoder input. The one definition shared by the
/// perturbation explainers and the faithfulness metrics, so the two can never disagree.
public enum WordRemoval: String, Sendable, Codable, CaseIterable {
    /// Replace each of the word's tokens by `[MASK]` (the default: length and positions unchanged).
    case mask
    /// Replace each of the word's tokens by `[PAD]` and hide it from attention.
    case pad
    /// Delete the word's tokens (the sequence gets shorter, later positions shift).
    case delete
}

/// Builds the token ids of an encoder input with some words removed.
public struct TokenMasker: Sendable {
    /// The full input's ids, [CLS] … [SEP].
    public let ids: [Int32]
    /// The word each token belongs to (nil for specials, which are never removed).
    public let wordIDs: [Int?]
    /// `[MASK]` and `[PAD]` ids.
    public let maskID: Int32, padID: Int32
    /// How words are removed.
    public let removal: WordRemoval

    /// A masker for one tokenised input.
    public init(ids: [Int32], wordIDs: [Int?], maskID: Int32, padID: Int32, removal: WordRemoval) {
        precondition(ids.count == wordIDs.count, "TokenMasker: one word id per token")
        self.ids = ids
        self.wordIDs = wordIDs
        self.maskID = maskID
        self.padID = padID
        self.removal = removal
    }

    /// The ids and key mask (1 keeps a key) of the input keeping the words `keep` marks.
    public func apply(keeping keep: [Bool]) -> (ids: [Int32], keyMask: [Float]) {
        var out: [Int32] = [], mask: [Float] = []
        out.reserveCapacity(ids.count)
        mask.reserveCapacity(ids.count)
        for (id, word) in zip(ids, wordIDs) {
            guard let word, !keep[word] else {
                out.append(id)
                mask.append(1)
                continue
            }
            switch removal {
            case .mask: out.append(maskID); mask.append(1)
            case .pad: out.append(padID); mask.append(0)
            case .delete: break
            }
        }
        return (out, mask)
    }
}
