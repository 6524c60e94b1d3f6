import Foundation

/// Byte-level BPE (GPT-2 style) from a GGUF vocabulary: special (control) tokens matched whole, the
/// selected pre-tokeniser, bytes mapped to printable characters, then merges applied by rank.
public struct BytePairEncoding: Sendable {
    /// Token strings by id (in the byte-to-character alphabet).
    public let tokens: [String]
    /// Token id by string.
    public let ids: [String: Int32]
    /// Merge rank by pair.
    let ranks: [Pair: Int]
    /// Control / user-defined tokens, matched whole in text, longest first.
    public let specialTokens: [String]
    /// The pre-tokeniser.
    public let preTokenizer: GPT2PreTokenizer
    /// Beginning and end of sequence ids.
    public let bosID: Int32?, eosID: Int32?

    struct Pair: Hashable, Sendable {
        let left: String, right: String
    }

    /// The GPT-2 byte → character table and its inverse.
    static let byteToCharacter: [Character] = {
        var printable = Array(33...126) + Array(161...172) + Array(174...255)
        var mapped = printable
        var extra = 0
        for b in 0..<256 where !printable.contains(b) {
            printable.append(b)
            mapped.append(256 + extra)
            extra += 1
        }
        var table = [Character](repeating: " ", count: 256)
        for (b, c) in zip(printable, mapped) { table[b] = Character(Unicode.Scalar(UInt32(c))!) }
        return table
    }()
    static let characterToByte: [Character: UInt8] = {
        Dictionary(uniqueKeysWithValues: byteToCharacter.enumerated().map { ($1, UInt8($0)) })
    }()

    /// Reads the tokenizer from a GGUF file's metadata (`tokenizer.ggml.*`).
    public init(gguf file: GGUFFile) throws {
        func invalid(_ field: String, _ reason: String) -> TransformerCoreError {
            .invalidConfig(path: file.path, field: field, reason: reason)
        }
        let model = try file.string("tokenizer.ggml.model")
        guard model == "gpt2" else { throw invalid("tokenizer.ggml.model", "is \"\(model)\"; only byte-level BPE (\"gpt2\") is supported") }
        let preName = (try? file.string("tokenizer.ggml.pre")) ?? "default"
        guard let pre = GPT2PreTokenizer(ggmlName: preName) else {
            throw invalid("tokenizer.ggml.pre", "is \"\(preName)\", a pre-tokenizer AttriBench does not implement (it knows gpt2 and smollm and their aliases)")
        }
        guard case .array(.string, let tokenValues)? = file.metadata["tokenizer.ggml.tokens"] else {
            throw invalid("tokenizer.ggml.tokens", "must be an array of strings")
        }
        guard case .array(.string, let mergeValues)? = file.metadata["tokenizer.ggml.merges"] else {
            throw invalid("tokenizer.ggml.merges", "must be an array of strings")
        }
        var types: [Int] = []
        if case .array(_, let values)? = file.metadata["tokenizer.ggml.token_type"] {
            types = values.map { $0.integer ?? 1 }
            guard types.count == tokenValues.count else {
                throw invalid("tokenizer.ggml.token_type", "has \(types.count) entries for \(tokenValues.count) tokens")
            }
        }
        let tokens = tokenValues.map { if case .string(let s) = $0 { s } else { "" } }
        var merges: [(String, String)] = []
        for (index, value) in mergeValues.enumerated() {
            guard case .string(let s) = value, let space = s.firstIndex(of: " ") else {
                throw invalid("tokenizer.ggml.merges", "entry \(index) is not \"left right\"")
            }
            merges.append((String(s[..<space]), String(s[s.index(after: space)...])))
        }
        let specials = types.enumerated().filter { $0.element == 3 || $0.element == 4 }.map { tokens[$0.offset] }
        func tokenID(_ field: String) throws -> Int32? {
            guard let value = file.metadata[field] else { return nil }
            guard let id = value.integer, tokens.indices.contains(id) else {
                throw invalid(field, "is \(value.briefDescription), not a token id below the \(tokens.count) tokens")
            }
            return Int32(id)
        }
        try self.init(tokens: tokens, merges: merges, specialTokens: specials, preTokenizer: pre,
                      bosID: tokenID("tokenizer.ggml.bos_token_id"), eosID: tokenID("tokenizer.ggml.eos_token_id"))
    }

    /// A tokenizer from its parts (tests).
    public init(tokens: [String], merges: [(String, String)], specialTokens: [String], preTokenizer: GPT2PreTokenizer,
                bosID: Int32?, eosID: Int32?) throws {
        self.tokens = tokens
        var ids: [String: Int32] = [:]
        for (i, t) in tokens.enumerated() where ids[t] == nil { ids[t] = Int32(i) }
        self.ids = ids
        var ranks: [Pair: Int] = [:]
        for (rank, merge) in merges.enumerated() where ranks[Pair(left: merge.0, right: merge.1)] == nil {
            ranks[Pair(left: merge.0, right: merge.1)] = rank
        }
        self.ranks = ranks
        self.specialTokens = specialTokens.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        self.preTokenizer = preTokenizer
        self.bosID = bosID
        self.eosID = eosID
    }

    // MARK: - Encoding

    /// The token ids of `text`; special tokens written in the text are matched whole.
    public func encode(_ text: String) -> [Int32] {
        var result: [Int32] = []
        for segment in splitOnSpecialTokens(text) {
            if let special = segment.special {
                result.append(special)
                continue
            }
            for piece in preTokenizer.pieces(segment.text) {
                let symbols = piece.utf8.map { String(Self.byteToCharacter[Int($0)]) }
                for symbol in merge(symbols) {
                    if let id = ids[symbol] { result.append(id) } else {
                        // A symbol outside the vocabulary: fall back to its bytes (every byte has a token).
                        result += symbol.map { ids[String($0)] ?? 0 }
                    }
                }
            }
        }
        return result
    }

    /// Applies merges by rank, lowest first, until none applies.
    func merge(_ start: [String]) -> [String] {
        var symbols = start
        while symbols.count > 1 {
            var best: (rank: Int, index: Int)?
            for i in 0..<(symbols.count - 1) {
                if let rank = ranks[Pair(left: symbols[i], right: symbols[i + 1])], rank < best?.rank ?? Int.max {
                    best = (rank, i)
                }
            }
            guard let (_, index) = best else { break }
            symbols[index] += symbols[index + 1]
            symbols.remove(at: index + 1)
        }
        return symbols
    }

    private func splitOnSpecialTokens(_ text: String) -> [(text: String, special: Int32?)] {
        guard !specialTokens.isEmpty else { return [(text, nil)] }
        var result: [(String, Int32?)] = []
        var rest = Substring(text)
        var plain = ""
        while !rest.isEmpty {
            if let token = specialTokens.first(where: { rest.hasPrefix($0) }) {
                if !plain.isEmpty { result.append((plain, nil)); plain = "" }
                result.append((token, ids[token]))
                rest = rest.dropFirst(token.count)
            } else {
                plain.append(rest.removeFirst())
            }
        }
        if !plain.isEmpty { result.append((plain, nil)) }
        return result
    }

    // MARK: - Decoding

    /// The text of `ids` (bytes joined across token boundaries, then read as UTF-8).
    public func decode(_ ids: [Int32]) -> String {
        String(decoding: bytes(of: ids), as: UTF8.self)
    }

    /// The raw bytes of `ids`: special tokens as their text, others through the byte alphabet.
    public func bytes(of ids: [Int32]) -> [UInt8] {
        var bytes: [UInt8] = []
        for id in ids where id >= 0 && Int(id) < tokens.count {
            let token = tokens[Int(id)]
            if specialTokens.contains(token) {
                bytes += Array(token.utf8)
            } else {
                for c in token { bytes += Self.characterToByte[c].map { [$0] } ?? Array(String(c).utf8) }
            }
        }
        return bytes
    }
}
