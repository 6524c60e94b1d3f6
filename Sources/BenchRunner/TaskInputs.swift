import Datasets
import Foundation
import TensorCore
import TransformerCore

/// The examples a suite task evaluates, selected and shaped by the documented rules.
enum TaskInputs {
    /// The task definition of a suite entry: its own definition file, or the built-in one.
    static func definition(of entry: Suite.TaskEntry) throws -> TaskDefinition {
        if let file = entry.definition { return try TaskDefinition(contentsOf: file) }
        return try TaskCatalog.builtIn.task(id: entry.task)
    }

    /// The first `count` indices of 0..<total after a shuffle seeded by the task and `seed` (all when 0).
    static func selection(total: Int, count: Int, task: String, seed: UInt64) -> [Int] {
        var salt: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in task.utf8 { salt = (salt ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var random = SeededRandom(seed: seed ^ salt)
        var order = Array(0..<total)
        for i in stride(from: total - 1, to: 0, by: -1) { order.swapAt(i, random.nextInt(below: i + 1)) }
        return count == 0 ? order : Array(order.prefix(count))
    }

    /// Words cut to `maxWords` (0 = no limit) with the rationale cut alike: documents longer than the
    /// limit keep their first words (ERASER Movies reviews are long; the rule is recorded in the suite).
    static func truncated(_ example: Example, maxWords: Int) -> Example {
        guard maxWords > 0, example.words.count > maxWords else { return example }
        var cut = example
        cut.words = Array(example.words.prefix(maxWords))
        cut.rationale = example.rationale.map { Array($0.prefix(maxWords)) }
        cut.softRationale = example.softRationale.map { Array($0.prefix(maxWords)) }
        return cut
    }

    /// A question's context as sources (sentences). With `maxSources` > 0, the window of that many
    /// consecutive sentences that starts `maxSources / 2` sentences before the one holding the first
    /// answer (clamped to the context) — the rule keeps the evidence and is recorded in the suite.
    static func sources(of example: ContextExample, maxSources: Int) -> [String] {
        let sentences = SentenceSplitter.sentences(example.context)
        guard maxSources > 0, sentences.count > maxSources else { return sentences }
        var offset = 0, answerSentence = 0
        let answerStart = example.answerStarts.first ?? 0
        for (index, sentence) in sentences.enumerated() {
            if answerStart >= offset { answerSentence = index }
            offset += sentence.unicodeScalars.count
        }
        let start = min(max(0, answerSentence - maxSources / 2), sentences.count - maxSources)
        return Array(sentences[start..<(start + maxSources)])
    }
}
