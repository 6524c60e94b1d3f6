import Foundation

/// HF's BERT normalisation and pre-tokenisation (tokenizers' `BertNormalizer` + `BertPreTokenizer`,
/// transformers' `BasicTokenizer`): drop control characters and U+FFFD, map whitespace to spaces, put
/// spaces around CJK ideographs, strip accents (NFD, drop non-spacing marks) and lower-case, then
/// split on whitespace and around every punctuation character.
public struct BertTextNormalizer: Sendable {
    /// Lower-case the text.
    public var lowercase: Bool
    /// Strip accents (defaults to `lowercase`, as HF does when `strip_accents` is null).
    public var stripAccents: Bool
    /// Split CJK ideographs into single-character words.
    public var splitChineseCharacters: Bool

    /// A normaliser with HF's uncased defaults.
    public init(lowercase: Bool = true, stripAccents: Bool? = nil, splitChineseCharacters: Bool = true) {
        self.lowercase = lowercase
        self.stripAccents = stripAccents ?? lowercase
        self.splitChineseCharacters = splitChineseCharacters
    }

    /// The pre-tokenised words of `text`, after normalisation.
    public func words(_ text: String) -> [String] {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value == 0 || scalar.value == 0xFFFD || Self.isControl(scalar) { continue }
            if Self.isWhitespace(scalar) {
                scalars.append(" ")
            } else if splitChineseCharacters && Self.isChineseCharacter(scalar) {
                scalars.append(" ")
                scalars.append(scalar)
                scalars.append(" ")
            } else {
                scalars.append(scalar)
            }
        }
        var normalized = String(scalars)
        if stripAccents {
            normalized = String(String.UnicodeScalarView(
                normalized.decomposedStringWithCanonicalMapping.unicodeScalars.filter {
                    $0.properties.generalCategory != .nonspacingMark
                }))
        }
        if lowercase { normalized = normalized.lowercased() }
        return Self.splitOnWhitespaceAndPunctuation(normalized)
    }

    /// Whitespace-separated pieces, with each punctuation character its own piece.
    static func splitOnWhitespaceAndPunctuation(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { words.append(String(current)); current = String.UnicodeScalarView() }
        }
        for scalar in text.unicodeScalars {
            if isWhitespace(scalar) {
                flush()
            } else if isPunctuation(scalar) {
                flush()
                words.append(String(scalar))
            } else {
                current.append(scalar)
            }
        }
        flush()
        return words
    }

    // MARK: - Character classes, as HF defines them

    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\n" || s == "\r" || s.properties.generalCategory == .spaceSeparator
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        if s == "\t" || s == "\n" || s == "\r" { return false }
        switch s.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
            return true
        }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    static func isChineseCharacter(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v) || (0x2B820...0x2CEAF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }
}
