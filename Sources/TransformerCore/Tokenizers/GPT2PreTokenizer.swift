/// The pre-tokenisers a GGUF `tokenizer.ggml.pre` value selects, as hand-written scanners equal to
/// their regular expressions (llama.cpp's llama-vocab.cpp; HF tokenizers' ByteLevel and Digits).
///
/// GPT-2: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
/// SmolLM (also StarCoder, Refact, Command-R, CodeShell, EXAONE): every digit (`\p{N}`) split off on
/// its own first, then GPT-2's expression on what lies between.
public enum GPT2PreTokenizer: String, Sendable {
    case gpt2
    case smollm

    /// The `tokenizer.ggml.pre` values each scanner serves.
    public init?(ggmlName: String) {
        switch ggmlName {
        case "gpt2", "mpt", "olmo", "jais", "default": self = .gpt2
        case "smollm", "starcoder", "refact", "command-r", "codeshell", "exaone": self = .smollm
        default: return nil
        }
    }

    /// The pieces of `text`, in order; concatenated they give the text back.
    public func pieces(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        guard self == .smollm else { return Self.gpt2Pieces(scalars[...]) }
        var result: [String] = []
        var start = 0
        for (i, s) in scalars.enumerated() where Self.isNumber(s) {
            if start < i { result += Self.gpt2Pieces(scalars[start..<i]) }
            result.append(String(s))
            start = i + 1
        }
        if start < scalars.count { result += Self.gpt2Pieces(scalars[start...]) }
        return result
    }

    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    static func isNumber(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: true
        default: false
        }
    }

    static func isSpace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }

    /// GPT-2's expression over one stretch of scalars.
    static func gpt2Pieces(_ text: ArraySlice<Unicode.Scalar>) -> [String] {
        var pieces: [String] = []
        var i = text.startIndex
        let end = text.endIndex
        func run(from j: Int, while predicate: (Unicode.Scalar) -> Bool) -> Int {
            var k = j
            while k < end && predicate(text[k]) { k += 1 }
            return k
        }
        while i < end {
            var next = i
            let c = text[i]
            if c == "'", i + 1 < end, let match = contraction(text, at: i) {
                next = i + match
            } else {
                let afterSpace = c == " " && i + 1 < end ? i + 1 : i
                let lead = text[afterSpace]
                if isLetter(lead) {
                    next = run(from: afterSpace, while: isLetter)
                } else if isNumber(lead) {
                    next = run(from: afterSpace, while: isNumber)
                } else if !isSpace(lead) {
                    next = run(from: afterSpace) { !isSpace($0) && !isLetter($0) && !isNumber($0) }
                } else {
                    // \s+(?!\S): the whitespace run, less its last scalar when a non-space follows; else \s+.
                    let runEnd = run(from: i, while: isSpace)
                    next = runEnd < end && runEnd - i > 1 ? runEnd - 1 : runEnd
                }
            }
            pieces.append(String(String.UnicodeScalarView(text[i..<next])))
            i = next
        }
        return pieces
    }

    /// The length of a contraction ('s 't 're 've 'm 'll 'd) at i, if one starts there.
    static func contraction(_ text: ArraySlice<Unicode.Scalar>, at i: Int) -> Int? {
        let rest = text[(i + 1)...].prefix(2).map(Character.init)
        if let first = rest.first, "stmd".contains(first) { return 2 }
        if rest.count == 2, ["re", "ve", "ll"].contains(String(rest)) { return 3 }
        return nil
    }
}
