import Foundation
import Testing
import Training

/// A killed fine-tune resumes from its saved state to exactly the parameters of an uninterrupted run.
@Suite struct ResumeTests {
    struct Killed: Error {}

    static let rows: [[Int32]] = (0..<20).map { (i: Int) -> [Int32] in
        let words: [Int32] = (0..<(i % 5 + 1)).map { (j: Int) -> Int32 in Int32(5 + (j * 3 + i) % 9) }
        return [2] + words + [3]
    }
    static let labels = (0..<20).map { $0 % 3 }

    static func settings() -> FineTuneSettings {
        var s = FineTuneSettings(maxLength: 8)
        s.epochs = 2
        s.batchSize = 4
        s.checkpointEvery = 3
        s.optimizer.learningRate = 1e-2
        return s
    }

    @Test func resumedRunEqualsAnUninterruptedOne() throws {
        let initial = try TinyTraining.parameters()
        let straight = try FineTuner(settings: Self.settings(), key: "k", statePath: nil)
            .train(initial, rows: Self.rows, labels: Self.labels, padID: 0)
        #expect(straight != initial)

        let state = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(getpid()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let trainer = FineTuner(settings: Self.settings(), key: "k", statePath: state)
        #expect(throws: Killed.self) {
            _ = try trainer.train(initial, rows: Self.rows, labels: Self.labels, padID: 0) { if $0.step == 7 { throw Killed() } }
        }
        var firstStep = 0
        let resumed = try trainer.train(initial, rows: Self.rows, labels: Self.labels, padID: 0) { p in
            if firstStep == 0 { firstStep = p.step }
        }
        #expect(firstStep == 7)  // state saved after step 6 (every 3 steps); step 7 is redone
        #expect(resumed == straight)

        // A state of another run (another key) is not resumed from.
        var other = 0
        _ = try FineTuner(settings: Self.settings(), key: "other", statePath: state)
            .train(initial, rows: Self.rows, labels: Self.labels, padID: 0) { p in if other == 0 { other = p.step } }
        #expect(other == 1)
    }

    @Test func trainingLowersTheLossOnItsData() throws {
        let initial = try TinyTraining.parameters()
        var settings = Self.settings()
        settings.epochs = 8
        settings.dropout = .none
        let trained = try FineTuner(settings: settings, key: "k", statePath: nil)
            .train(initial, rows: Self.rows, labels: Self.labels, padID: 0)
        let all = TrainingBatch(rows: Self.rows, labels: Self.labels, padID: 0)
        let before = BertTraining.loss(initial, batch: all, dropout: .none, seed: 0)
        let after = BertTraining.loss(trained, batch: all, dropout: .none, seed: 0)
        #expect(after < 0.5 * before, "loss \(before) → \(after)")
    }
}
