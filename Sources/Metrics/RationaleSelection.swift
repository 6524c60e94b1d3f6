/// How a real-valued attribution becomes a binary rationale over words.
///
/// - `.topK` is the ferret/ERASER convention: the k highest-scoring words are the rationale, with
///   k = the number of words in the human rationale. Ties are broken by position (earlier word first),
///   a documented, deterministic choice: ferret's `numpy.argsort` leaves the order of ties to the sort
///   algorithm, so on tied scores the two may pick different words.
/// - `.threshold` is for methods that emit a probability per word (e.g. ExpNet): words scoring at least
///   the threshold; when none does, the single highest-scoring word (ExpNet's fallback).
public enum RationaleSelection: Sendable, Equatable, Hashable {
    /// The k highest-scoring words, k = the number of positive words in the human rationale.
    case topK
    /// Words whose score is ≥ the threshold, else the single best word.
    case threshold(Double)

    /// The recorded name of the convention, written beside every number it produced.
    public var name: String {
        switch self {
        case .topK: "top-k"
        case .threshold(let t): "threshold-\(t)"
        }
    }

    /// The binary rationale chosen from `scores`, given the human rationale's size `k`.
    public func select(scores: [Double], humanRationaleSize k: Int) -> [Bool] {
        switch self {
        case .topK:
            return Self.topK(scores: scores, k: k)
        case .threshold(let threshold):
            var chosen = scores.map { $0 >= threshold }
            if !chosen.contains(true), let best = Self.descendingOrder(scores).first { chosen[best] = true }
            return chosen
        }
    }

    /// Word indices by decreasing score, ties by increasing index.
    public static func descendingOrder(_ scores: [Double]) -> [Int] {
        scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
    }

    /// The `k` highest-scoring positions as a mask.
    public static func topK(scores: [Double], k: Int) -> [Bool] {
        var chosen = [Bool](repeating: false, count: scores.count)
        for index in descendingOrder(scores).prefix(max(0, k)) { chosen[index] = true }
        return chosen
    }
}
