import AttriJSON
import Foundation

/// A tokenised encoder input: ids with [CLS]/[SEP], their strings, and the word each came from.
public struct EncodedText: Sendable, Equatable {
    /// Token ids, starting with [CLS] and ending with [SEP].
    public var ids: [Int32]
    /// The vocabulary string of each token.
    public var tokens: [String]
    /// For each token, the index of the input word it came from; nil for [CLS], [SEP] and specials.
    public var wordIDs: [Int?]
    /// Words dropped by truncation (0 when everything fit).
    public var truncatedWords: Int
}

/// BERT's WordPiece tokenizer (HF `BertTokenizer` / tokenizers' `WordPiece`): `BertTextNormalizer`,
/// then greedy longest-match-first sub-words with `##` continuations, `[UNK]` for a word longer than
/// 100 characters or with no match, `[CLS]`/`[SEP]` around, truncation to `maximumLength` tokens.
public struct WordPieceTokenizer: Sendable {
    /// Token id by string.
    public let vocabulary: [String: Int32]
    /// Token string by id.
    public let tokens: [String]
    /// The normalisation and pre-tokenisation.
    public let normalizer: BertTextNormalizer
    /// The longest input in tokens, specials included.
    public var maximumLength: Int
    /// Special token ids.
    public let clsID: Int32, sepID: Int32, padID: Int32, unkID: Int32, maskID: Int32
    /// Longer words become [UNK], as in HF.
    public static let maximumCharactersPerWord = 100

    /// Reads `vocab.txt` (one token a line, id = line index) and the casing settings of
    /// `tokenizer_config.json` beside it when present.
    public init(folder: String, maximumLength: Int? = nil) throws {
        let vocabPath = (folder as NSString).appendingPathComponent("vocab.txt")
        guard let data = FileManager.default.contents(atPath: vocabPath) else {
            throw TransformerCoreError.io(path: vocabPath, reason: "cannot read the WordPiece vocabulary; is this a BERT model folder?")
        }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        if lines.last == "" { lines.removeLast() }
        var lowercase = true, stripAccents: Bool?, chinese = true, modelMaximum = 512
        let configPath = (folder as NSString).appendingPathComponent("tokenizer_config.json")
        if FileManager.default.fileExists(atPath: configPath) {
            let config = JSONCursor(try JSONParser.parse(contentsOf: configPath), source: JSONSource(name: configPath))
            lowercase = try config.optionalField("do_lower_case")?.bool() ?? true
            stripAccents = try config.optionalField("strip_accents")?.bool()
            chinese = try config.optionalField("tokenize_chinese_chars")?.bool() ?? true
            if let m = try config.optionalField("model_max_length")?.double(), m >= 2, m < 1e6 { modelMaximum = Int(m) }
        }
        try self.init(tokens: lines, normalizer: BertTextNormalizer(lowercase: lowercase, stripAccents: stripAccents,
                                                                     splitChineseCharacters: chinese),
                      maximumLength: maximumLength ?? modelMaximum, source: vocabPath)
    }

    /// A tokenizer over an explicit vocabulary (tiny test models).
    public init(tokens: [String], normalizer: BertTextNormalizer = BertTextNormalizer(), maximumLength: Int = 512,
                source: String = "vocabulary") throws {
        guard tokens.count < Int(Int32.max) else { throw TransformerCoreError.invalidInput("\(source): vocabulary too large") }
        var vocabulary: [String: Int32] = [:]
        for (i, token) in tokens.enumerated() where vocabulary[token] == nil { vocabulary[token] = Int32(i) }
        func id(_ token: String) throws -> Int32 {
            guard let id = vocabulary[token] else {
                throw TransformerCoreError.invalidConfig(path: source, field: token, reason: "is not in the vocabulary; every BERT vocabulary needs it")
            }
            return id
        }
        self.vocabulary = vocabulary
        self.tokens = tokens
        self.normalizer = normalizer
        self.maximumLength = max(2, maximumLength)
        clsID = try id("[CLS]"); sepID = try id("[SEP]"); padID = try id("[PAD]"); unkID = try id("[UNK]"); maskID = try id("[MASK]")
    }

    /// Special token strings matched whole in raw text, as HF's added vocabulary does.
    var specialTokens: [String] { ["[CLS]", "[SEP]", "[PAD]", "[UNK]", "[MASK]"] }

    /// Tokenises raw text; word ids index the pre-tokenised words (whitespace/punctuation pieces, and
    /// special tokens such as `[MASK]` written in the text, each a word of its own as in HF).
    public func encode(_ text: String) -> EncodedText {
        var words: [[Int32]] = []
        for segment in splitOnSpecialTokens(text) {
            if let special = segment.special {
                words.append([special])
            } else {
                for word in normalizer.words(segment.text) { words.append(wordPieces(word)) }
            }
        }
        return assemble(words)
    }

    /// The words `encode(_:)` numbers: normalised whitespace/punctuation pieces, with special tokens
    /// written in the text kept whole.
    public func preTokenize(_ text: String) -> [String] {
        splitOnSpecialTokens(text).flatMap { segment in
            segment.special == nil ? normalizer.words(segment.text) : [segment.text]
        }
    }

    /// Tokenises pre-split words (task data); word ids index `words`.
    public func encode(words: [String]) -> EncodedText {
        assemble(words.map { normalizer.words($0).flatMap(wordPieces) })
    }

    /// The WordPiece ids of one normalised word.
    public func wordPieces(_ word: String) -> [Int32] {
        let characters = Array(word.unicodeScalars)
        guard characters.count <= Self.maximumCharactersPerWord else { return [unkID] }
        var ids: [Int32] = []
        var start = 0
        while start < characters.count {
            var end = characters.count
            var match: Int32?
            while start < end {
                var piece = String(String.UnicodeScalarView(characters[start..<end]))
                if start > 0 { piece = "##" + piece }
                if let id = vocabulary[piece] { match = id; break }
                end -= 1
            }
            guard let id = match else { return [unkID] }
            ids.append(id)
            start = end
        }
        return ids
    }

    /// [CLS] + the words' pieces, truncated to `maximumLength` (the word that crosses the limit keeps
    /// the pieces that fit, as HF truncates tokens, and counts as truncated) + [SEP].
    private func assemble(_ words: [[Int32]]) -> EncodedText {
        var ids: [Int32] = [clsID], wordIDs: [Int?] = [nil]
        let budget = maximumLength - 2
        var truncated = 0
        for (wordIndex, pieces) in words.enumerated() {
            let room = budget - (ids.count - 1)
            guard pieces.count <= room else {
                truncated += 1
                if room > 0 {
                    ids += pieces.prefix(room)
                    wordIDs += Array(repeating: wordIndex, count: room)
                }
                continue
            }
            ids += pieces
            wordIDs += Array(repeating: wordIndex, count: pieces.count)
        }
        ids.append(sepID)
        wordIDs.append(nil)
        return EncodedText(ids: ids, tokens: ids.map { tokens[Int($0)] }, wordIDs: wordIDs, truncatedWords: truncated)
    }

    private func splitOnSpecialTokens(_ text: String) -> [(text: String, special: Int32?)] {
        var result: [(String, Int32?)] = []
        var rest = Substring(text)
        while let (range, token) = specialTokens.compactMap({ t in rest.range(of: t).map { ($0, t) } })
            .min(by: { $0.0.lowerBound < $1.0.lowerBound }) {
            result.append((String(rest[..<range.lowerBound]), nil))
            result.append((token, vocabulary[token]))
            rest = rest[range.upperBound...]
        }
        result.append((String(rest), nil))
        return result.filter { !$0.0.isEmpty || $0.1 != nil }
    }
}
