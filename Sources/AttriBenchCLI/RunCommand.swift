import ArgumentParser
import BenchRunner
import Datasets
import Foundation
import TensorCore

/// `attribench run`: runs a suite into a resumable store and writes the leaderboard.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a benchmark suite (resumable) and write the leaderboard.",
        discussion: """
            Every (task, example, explainer) unit is computed once and appended to the run store; a re-run \
            computes only what is missing. Shipped suites: smoke, default, full, expnet-paper, expnet-in-task, expnet-decoder, \
            at2-paper (`attribench list suites`), or the path of a suite .json.
            Exit code 1 when some unit failed (recorded in the store and the leaderboard).
            Example: attribench run --suite default --out leaderboard
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "A shipped suite (`attribench list suites`) or a suite .json file.") var suite = "default"
    @Option(help: "The folder the leaderboard is written to.") var out = "leaderboard"
    @Option(help: "The run store (JSONL); default $ATTRIBENCH_HOME/runs/<suite>-<hash>[-shard-K-of-N].jsonl.") var store: String?
    @Option(help: "Compute only shard K of N (e.g. 2/4); merge the shard stores with `attribench merge`.") var shard: String?
    @Option(help: "The task data folder (default $ATTRIBENCH_DATA, else ../shared/datasets).") var data: String?
    @Flag(help: "Attempt units stored as skipped or failed again (after a fix, or once a learned state exists).")
    var retry = false

    func run() throws {
        global.bootstrapLogging()
        let suite = try BuiltinSuites.load(self.suite)
        let shard = try shard.map(Shard.init(parsing:)) ?? .all
        let data = try DataDirectory.resolve(explicit: data)
        let storePath = store ?? Self.defaultStore(suite: suite, shard: shard)
        let provenance = try Self.provenance(suite: suite, data: data)
        if shard.count == 1 { try OutputFolder.prepare(out) }
        let runStore = try RunStore(path: storePath)
        try RunManifest.write(provenance, forStore: storePath)
        let runner = Runner(suite: suite, registry: try ActiveRegistry.registry(), data: data,
                            models: DefaultModelProvider(data: data), store: runStore, shard: shard, retryUnsuccessful: retry)
        let reporter = ProgressReporter()
        let summary: Runner.Summary
        do {
            summary = try runner.run(progress: reporter.report)
        } catch {
            reporter.finish()
            throw Self.keepingStoredUnits(error, store: runStore)
        }
        reporter.finish()
        FileHandle.standardError.write(Data("attribench: \(summary.ok) units computed, \(summary.reused) reused, \(summary.skipped) skipped, \(summary.failed) failed; store \(storePath)\n".utf8))
        if shard.count == 1 {
            try LeaderboardWriter.write(records: runStore.sortedRecords, provenance: provenance, to: out,
                                        peakResidentMegabytes: LeaderboardWriter.peakResidentMegabytes)
            FileHandle.standardError.write(Data("attribench: leaderboard written to \(out)/\n".utf8))
        }
        if summary.failed > 0 || runStore.records.values.contains(where: { $0.status == .failed }) {
            throw ExitCode(1)
        }
    }

    /// The error of a run that stopped, saying that the units stored so far are kept and how to resume.
    static func keepingStoredUnits(_ error: any Error, store: RunStore) -> any Error {
        if case BenchRunnerError.store = error { return error }   // its message already says so
        guard !store.records.isEmpty else { return error }
        return CommandFailure("\(error)\nattribench: the units stored so far (\(store.records.count)) in \(store.path) are kept; "
                              + "fix the cause and run the same command again to resume")
    }

    static func defaultStore(suite: Suite, shard: Shard) -> String {
        let name = "\(suite.name)-\(suite.fingerprint)" + (shard.count > 1 ? "-shard-\(shard.index)-of-\(shard.count)" : "")
        return "\(ModelLocations.home)/runs/\(name).jsonl"
    }

    static func provenance(suite: Suite, data: DataDirectory) throws -> Provenance {
        var models: [String: String] = [:], files: [String: String] = [:]
        for entry in suite.tasks {
            models[entry.task] = DefaultModelProvider.describe(entry)
            if let task = try? TaskCatalog.builtIn.task(id: entry.task), let split = try? task.split(named: entry.split) {
                files[entry.task] = Provenance.describe(path: data.resolve(split.file))
            }
        }
        return Provenance(gitCommit: Provenance.gitCommit(of: FileManager.default.currentDirectoryPath), suite: suite.name,
                          suiteHash: suite.fingerprint, models: models, data: files, seed: suite.seed,
                          resamples: suite.bootstrapResamples, machine: Provenance.machineDescription, threads: ComputeThreads.count)
    }
}
