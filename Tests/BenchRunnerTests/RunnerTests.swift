import BenchRunner
import Foundation
import Testing

/// The runner: resumable, byte-deterministic, shardable, and robust to explainers that cannot or
/// do not work.
@Suite(.serialized) struct RunnerTests {
    @Test func aRunRecordsEveryUnitAndARerunComputesNothing() throws {
        let store = try RunnerFixtures.temporaryFolder() + "/store.jsonl"
        let first = try RunnerFixtures.run(store: store)
        #expect(first.ok + first.skipped + first.failed == (5 + 4 + 1) * 5)
        #expect(first.skipped == 1, "encoder-only is skipped on the decoder example")
        #expect(first.failed > 0, "sometimes-failing fails on some examples and the run goes on")
        let second = try RunnerFixtures.run(store: store)
        #expect(second == .init(ok: 0, skipped: 0, failed: 0, reused: 50))
        let records = try RunStore(path: store).records.values
        let skipped = try #require(records.first { $0.status == .skipped })
        #expect(skipped.reason?.contains("encoder-only explains encoder-classifier models, not decoder-lm") == true)
        #expect(records.filter { $0.status == .failed }.allSatisfy { $0.reason?.contains("deliberate failure") == true })
        let occlusion = try #require(records.first { $0.task == "sst2" && $0.explainer == "occlusion" && $0.rationale?.contains(1) == true })
        for metric in ["token_f1", "auprc", "auroc", "iou_precision", "comprehensiveness", "sufficiency", "tau_loo"] {
            #expect(occlusion.metrics.keys.contains(metric), "\(metric) in \(occlusion.metrics)")
        }
        let decoder = try #require(records.first { $0.task == "xquad" && $0.explainer == "occlusion" })
        for metric in ["topk_drop_1", "lds"] { #expect(decoder.metrics[metric] != nil, "\(metric)") }
    }

    @Test func timingStatesThePeakMemoryOnlyWhenTheRunMeasuredIt() throws {
        let store = try RunnerFixtures.temporaryFolder() + "/store.jsonl"
        try RunnerFixtures.run(store: store)
        let board = Leaderboard(records: try RunStore(path: store).sortedRecords, resamples: 50, seed: 0)
        #expect(MarkdownRenderer.renderTiming(board, peakResidentMegabytes: 812.4).contains("Peak resident memory of the run: 812 MB"))
        let rendered = MarkdownRenderer.renderTiming(board, peakResidentMegabytes: nil)
        #expect(rendered.contains("Peak resident memory: not known") && !rendered.contains(" MB"))
    }

    @Test func theSameRunTwiceGivesTheSameBytes() throws {
        let a = try RunnerFixtures.temporaryFolder() + "/a.jsonl", b = try RunnerFixtures.temporaryFolder() + "/b.jsonl"
        try RunnerFixtures.run(store: a)
        try RunnerFixtures.run(store: b)
        let left = try RunnerFixtures.leaderboard(of: a), right = try RunnerFixtures.leaderboard(of: b)
        #expect(left == right)
        #expect(left["leaderboard.md"]!.contains("## sst2 (5 examples)"))
        #expect(left["leaderboard.json"]!.contains("\"schema_version\":1"))
    }

    /// A SIGKILL leaves a prefix of the store on disk: cut it at many byte offsets (mid-line included),
    /// resume, and compare with the uninterrupted run.
    @Test func aRunKilledAtAnyByteResumesToTheSameLeaderboard() throws {
        let folder = try RunnerFixtures.temporaryFolder()
        let full = folder + "/full.jsonl"
        try RunnerFixtures.run(store: full)
        let expected = try RunnerFixtures.leaderboard(of: full)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: full))
        for fraction in [0.0, 0.37, 0.999] {
            let cut = folder + "/cut-\(fraction).jsonl"
            try bytes.prefix(Int(Double(bytes.count) * fraction)).write(to: URL(fileURLWithPath: cut))
            let summary = try RunnerFixtures.run(store: cut)
            #expect(summary.ok + summary.skipped + summary.failed > 0, "something was lost and recomputed at \(fraction)")
            #expect(try RunnerFixtures.leaderboard(of: cut) == expected, "cut at \(fraction)")
        }
    }

    @Test func shardsPartitionTheUnitsAndMergeToTheSingleRun() throws {
        let folder = try RunnerFixtures.temporaryFolder()
        let single = folder + "/single.jsonl"
        try RunnerFixtures.run(store: single)
        var shardStores: [String] = []
        var total = 0
        for k in 1...3 {
            let path = folder + "/shard-\(k).jsonl"
            let summary = try RunnerFixtures.run(store: path, shard: try Shard(parsing: "\(k)/3"))
            total += summary.ok + summary.skipped + summary.failed
            try RunManifest.write(RunnerFixtures.provenance, forStore: path)
            shardStores.append(path)
        }
        #expect(total == 50, "every unit in exactly one shard")
        let (records, _) = try StoreMerge.merge(stores: shardStores)
        let merged = folder + "/merged.jsonl"
        try RunStore(path: merged).append(records)
        #expect(try RunnerFixtures.leaderboard(of: merged) == RunnerFixtures.leaderboard(of: single))
    }

    @Test(arguments: ["0/2", "3/2", "x", "1/0", "2"]) func badShardsAreRejected(text: String) {
        #expect(throws: BenchRunnerError.invalidShard(text)) { try Shard(parsing: text) }
    }

    @Test func aDamagedLineBeforeTheEndIsAnErrorNamingIt() throws {
        let path = try RunnerFixtures.temporaryFolder() + "/store.jsonl"
        try RunnerFixtures.run(store: path)
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[2] = "{not json"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try RunStore(path: path) } throws: { "\($0)".contains("line 3 is damaged") }
    }
}
