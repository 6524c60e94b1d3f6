import AttriJSON
import BenchRunner
import Foundation
import Testing

/// A suite's `"*"` runs every registered explainer once; an explicit entry beside it gives that
/// explainer its options (how the shipped suites set perturbation budgets) instead of a second copy.
@Suite struct SuiteExplainerOptionsTests {
    static func run(explainers: String) throws -> [UnitRecord] {
        let suite = try Suite(JSONCursor(JSONParser.parse("""
            {"name": "options-test", "seed": 3, "bootstrap_resamples": 100,
             "tasks": [{"task": "sst2", "split": "dev", "examples": 1, "model": "tiny", "max_words": 10}],
             "explainers": \(explainers)}
            """), source: JSONSource(name: "options-test suite")))
        let path = try RunnerFixtures.temporaryFolder() + "/store.jsonl"
        let store = try RunStore(path: path)
        _ = try Runner(suite: suite, registry: RunnerFixtures.registry.get(), data: RunnerFixtures.data(),
                       models: TinyModelProvider(), store: store).run()
        return store.sortedRecords
    }

    @Test func anExplicitEntryOverridesTheOptionsOfItsExplainerUnderTheWildcard() throws {
        let plain = try Self.run(explainers: #"["*"]"#)
        let tuned = try Self.run(explainers: #"["*", {"id": "lime", "options": {"samples": 40}}]"#)
        let registered = try RunnerFixtures.registry.get().entries.map(\.descriptor.id).sorted()
        #expect(plain.map(\.explainer).sorted() == registered)
        #expect(tuned.map(\.explainer).sorted() == registered, "each explainer runs once")
        let limePasses = { (records: [UnitRecord]) in records.first { $0.explainer == "lime" }?.forwardPasses }
        // Ten words: lime's 1,000 default samples meet hundreds of distinct coalitions; 40 samples at most 40.
        #expect((limePasses(plain) ?? 0) > 100, "lime's default budget")
        #expect((1...40).contains(limePasses(tuned) ?? 0), "the explicit entry's budget")
        let others = { (records: [UnitRecord]) in records.filter { $0.explainer != "lime" }.map(\.forwardPasses) }
        #expect(others(plain) == others(tuned))
    }

    @Test func withoutTheWildcardOnlyTheListedExplainersRun() throws {
        let records = try Self.run(explainers: #"["random", {"id": "lime", "options": {"samples": 24}}]"#)
        #expect(records.map(\.explainer) == ["lime", "random"])
        #expect((1...24).contains(records.first { $0.explainer == "lime" }?.forwardPasses ?? 0))
    }
}
