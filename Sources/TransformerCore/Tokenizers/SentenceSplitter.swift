/// Splits a paragraph into sentences for context attribution, by one documented rule: a sentence ends
/// after `.`, `!` or `?` (and any closing quotes or brackets right after it) when whitespace follows.
/// The whitespace stays at the start of the next sentence, so the sentences concatenate back to the
/// text exactly. Abbreviations ("Dr. Smith") split too: the rule favours predictability over linguistics.
public enum SentenceSplitter {
    /// The sentences of `text`, in order; `sentences(text).joined() == text`.
    public static func sentences(_ text: String) -> [String] {
        let characters = Array(text)
        var result: [String] = []
        var start = 0
        var i = 0
        while i < characters.count {
            if ".!?".contains(characters[i]) {
                var end = i + 1
                while end < characters.count, "\"'”’)]".contains(characters[end]) { end += 1 }
                if end < characters.count, characters[end].isWhitespace {
                    result.append(String(characters[start..<end]))
                    start = end
                }
                i = end
            } else {
                i += 1
            }
        }
        if start < characters.count { result.append(String(characters[start...])) }
        return result
    }
}
