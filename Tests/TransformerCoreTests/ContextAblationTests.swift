import Testing
@testable import TransformerCore

/// Batched context ablation on the real decoder equals the explicit one-prompt-at-a-time loop.
@Suite(.serialized) struct ContextAblationTests {
    static let model = DecoderGoldenTests.model

    static func context(_ model: LlamaModel) -> AblationContext {
        let paragraph = "The Eiffel Tower is in Paris. It was finished in 1889. Gustave Eiffel's company built it."
        let sources = SentenceSplitter.sentences(paragraph)
        let prefix = model.tokenizer.encode("<|im_start|>user\nContext:")
        let suffix = model.tokenizer.encode("\nWhen was the tower finished?<|im_end|>\n<|im_start|>assistant\n")
        return AblationContext(prefix: prefix, sources: sources.map(model.tokenizer.encode), suffix: suffix,
                               response: model.tokenizer.encode("It was finished in 1889."))
    }

    @Test func everyMaskEqualsTheExplicitLoop() throws {
        let model = try Self.model.get()
        let context = Self.context(model)
        let masks: [[Bool]] = [[true, true, true], [true, false, true], [false, false, false], [false, true, false]]
        let batched = try model.responseLogProbabilities(context, masks: masks)
        for (mask, value) in zip(masks, batched) {
            let expected = try model.logProbability(of: context.response, given: context.prompt(keeping: mask))
            #expect(abs(value - expected) < 2e-3, "mask \(mask): \(value) vs \(expected)")
        }
        // Removing the sentence with the answer must make the answer less likely.
        #expect(batched[1] < batched[0] - 1)
    }

    @Test func maskLengthAndEmptyPromptsAreErrors() throws {
        let model = try Self.model.get()
        let context = Self.context(model)
        #expect { try model.responseLogProbabilities(context, masks: [[true]]) } throws: { "\($0)".contains("has 1 entries for 3 sources") }
        let bare = AblationContext(prefix: [], sources: [[100]], suffix: [], response: [200])
        #expect { try model.responseLogProbabilities(bare, masks: [[false]]) } throws: { "\($0)".contains("leaves an empty prompt") }
    }

    @Test(arguments: [
        ("One. Two! Three? Four", ["One.", " Two!", " Three?", " Four"]),
        ("He said \"Stop.\" Then left.", ["He said \"Stop.\"", " Then left."]),
        ("Version 3.14 is out.", ["Version 3.14 is out."]),
        ("", [String]()),
        ("No ending", ["No ending"]),
    ])
    func sentencesSplitByTheDocumentedRule(text: String, sentences: [String]) {
        let split = SentenceSplitter.sentences(text)
        #expect(split == sentences)
        #expect(split.joined() == text)
    }
}
