/// How documents longer than a model accepts are shortened: an explicit rule, applied by
/// `apply(to:)` after loading (loaders always return full documents), and recorded in the
/// `LengthAdjustment` it returns so that results can state it.
public enum LengthPolicy: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Keep every word.
    case keepAll
    /// Keep the first `maxWords` words (and the rationale and spans over them).
    case truncate(maxWords: Int)
    /// Split into windows of `size` words starting every `stride` words; the last window ends at the
    /// document's end. Window `k` of example `id` gets the id `id#k`.
    case window(size: Int, stride: Int)

    /// The rule in words, for reports.
    public var description: String {
        switch self {
        case .keepAll: return "keep all words"
        case .truncate(let maxWords): return "truncate to the first \(maxWords) words"
        case .window(let size, let stride): return "windows of \(size) words every \(stride) words"
        }
    }

    /// The examples shortened by this rule, with a record of what changed.
    public func apply(to examples: [Example]) throws -> ([Example], LengthAdjustment) {
        var adjustment = LengthAdjustment(policy: self, examplesIn: examples.count)
        var result: [Example] = []
        switch self {
        case .keepAll:
            result = examples
        case .truncate(let maxWords):
            guard maxWords > 0 else { throw DatasetError.invalidLengthPolicy(problem: "maxWords must be positive, found \(maxWords)") }
            for example in examples {
                if example.words.count > maxWords {
                    adjustment.shortened += 1
                    adjustment.wordsDropped += example.words.count - maxWords
                }
                result.append(Self.slice(example, 0..<min(maxWords, example.words.count), id: example.id))
            }
        case .window(let size, let stride):
            guard size > 0, stride > 0, stride <= size else {
                throw DatasetError.invalidLengthPolicy(problem:
                    "a window needs 0 < stride <= size, found size \(size), stride \(stride)")
            }
            for example in examples {
                let count = example.words.count
                guard count > size else {
                    result.append(example)
                    continue
                }
                adjustment.shortened += 1
                var start = 0, index = 0
                while true {
                    let end = min(start + size, count)
                    result.append(Self.slice(example, start..<end, id: "\(example.id)#\(index)"))
                    if end == count { break }
                    start += stride
                    index += 1
                }
            }
        }
        adjustment.examplesOut = result.count
        return (result, adjustment)
    }

    /// The part of `example` over `range`, with rationales sliced and spans clipped and shifted.
    static func slice(_ example: Example, _ range: Range<Int>, id: String) -> Example {
        guard range != 0..<example.words.count else { return example }
        var part = example
        part.id = id
        part.words = Array(example.words[range])
        part.rationale = example.rationale.map { Array($0[range]) }
        part.softRationale = example.softRationale.map { Array($0[range]) }
        part.evidenceSpans = example.evidenceSpans.map { spans in
            spans.compactMap { span in
                let clipped = span.clamped(to: range)
                return clipped.isEmpty ? nil : (clipped.lowerBound - range.lowerBound)..<(clipped.upperBound - range.lowerBound)
            }
        }
        return part
    }
}

/// What a `LengthPolicy` did to a list of examples.
public struct LengthAdjustment: Sendable, Equatable, Codable {
    /// The rule applied.
    public var policy: LengthPolicy
    /// How many examples went in.
    public var examplesIn: Int
    /// How many came out (more than went in when windowing).
    public var examplesOut: Int = 0
    /// How many examples were longer than the rule allows (truncated or windowed).
    public var shortened: Int = 0
    /// How many words truncation dropped (0 when windowing, which keeps every word).
    public var wordsDropped: Int = 0

    /// An adjustment by `policy` of `examplesIn` examples, before counting.
    public init(policy: LengthPolicy, examplesIn: Int) {
        self.policy = policy
        self.examplesIn = examplesIn
    }
}
