import Testing
@testable import Datasets

/// Truncation and windowing of long documents: rationales and spans follow the words, and the
/// adjustment records what was done.
@Suite struct LengthPolicyTests {
    static let long = Example(id: "doc", words: (0..<10).map { "w\($0)" }, label: 1,
                              rationale: [0, 1, 1, 0, 0, 0, 0, 1, 1, 1], evidenceSpans: [1..<3, 7..<10], split: "val")
    static let short = Example(id: "short", words: ["a", "b"], label: 0, rationale: [1, 0], evidenceSpans: [0..<1], split: "val")

    @Test func truncateKeepsTheHead() throws {
        let (examples, adjustment) = try LengthPolicy.truncate(maxWords: 8).apply(to: [Self.long, Self.short])
        #expect(examples[0].words == (0..<8).map { "w\($0)" })
        #expect(examples[0].rationale == [0, 1, 1, 0, 0, 0, 0, 1] && examples[0].evidenceSpans == [1..<3, 7..<8])
        #expect(examples[1] == Self.short)
        #expect(adjustment.shortened == 1 && adjustment.wordsDropped == 2 && adjustment.examplesOut == 2)
        #expect(adjustment.policy.description == "truncate to the first 8 words")
    }

    @Test func windowsCoverEveryWord() throws {
        let (examples, adjustment) = try LengthPolicy.window(size: 4, stride: 3).apply(to: [Self.long])
        #expect(examples.map(\.id) == ["doc#0", "doc#1", "doc#2"])
        #expect(examples.map(\.words.first) == ["w0", "w3", "w6"] && examples.map(\.words.count) == [4, 4, 4])
        #expect(examples[0].evidenceSpans == [1..<3] && examples[1].evidenceSpans == [] && examples[2].evidenceSpans == [1..<4])
        #expect(examples[2].rationale == [0, 1, 1, 1])
        #expect(adjustment.shortened == 1 && adjustment.wordsDropped == 0 && adjustment.examplesOut == 3)
    }

    @Test func keepAllAndBadParameters() throws {
        let (kept, _) = try LengthPolicy.keepAll.apply(to: [Self.long])
        #expect(kept == [Self.long])
        #expect(TestFiles.message { try LengthPolicy.window(size: 4, stride: 5).apply(to: []) }
                == "invalid length policy: a window needs 0 < stride <= size, found size 4, stride 5")
        #expect(TestFiles.message { try LengthPolicy.truncate(maxWords: 0).apply(to: []) }
                == "invalid length policy: maxWords must be positive, found 0")
    }
}
