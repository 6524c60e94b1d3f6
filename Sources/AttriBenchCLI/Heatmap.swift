/// Words coloured by score for a terminal: red backgrounds for positive scores, blue for negative,
/// deeper for larger magnitudes (scaled by the largest |score|), using the xterm 256-colour palette.
enum Heatmap {
    /// The words as one coloured line.
    static func line(words: [String], scores: [Float]) -> String {
        let scale = max(scores.map(abs).max() ?? 0, 1e-12)
        let reds = [224, 217, 210, 203, 196], blues = [189, 153, 117, 75, 33]
        return zip(words, scores).map { word, score in
            let level = min(4, Int((abs(score) / scale * 5).rounded(.down)))
            let colour = score >= 0 ? reds[level] : blues[level]
            return "\u{1B}[48;5;\(colour)m\u{1B}[38;5;16m\(word)\u{1B}[0m"
        }.joined(separator: " ")
    }
}
