import ArgumentParser
import BenchRunner
import Foundation

/// `attribench report`: re-renders the leaderboard from a run store without recomputing anything.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render the leaderboard from a run store (no model is run).",
        discussion: "Example: attribench report --store ~/.cache/attribench/runs/default-<hash>.jsonl --out leaderboard"
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "The run store (JSONL) with its .run.json manifest beside it.") var store: String
    @Option(help: "The folder the leaderboard is written to.") var out = "leaderboard"

    func run() throws {
        global.bootstrapLogging()
        guard FileManager.default.fileExists(atPath: store) else {
            throw CommandFailure("--store \(store): no such file; `attribench run` prints the store it writes")
        }
        let provenance = try RunManifest.read(forStore: store)
        let records = try RunStore(path: store).sortedRecords
        try LeaderboardWriter.write(records: records, provenance: provenance, to: out, peakResidentMegabytes: nil)
        FileHandle.standardError.write(Data("attribench: leaderboard of \(records.count) units written to \(out)/\n".utf8))
    }
}

/// `attribench merge`: combines shard stores and renders the leaderboard a single-machine run renders.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge shard stores of one suite into one store and render its leaderboard.",
        discussion: "Example: attribench merge shard-1.jsonl shard-2.jsonl --store merged.jsonl --out leaderboard"
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The shard stores (each with its .run.json manifest).") var stores: [String]
    @Option(help: "The merged store to write.") var store: String
    @Option(help: "The folder the leaderboard is written to.") var out = "leaderboard"

    func run() throws {
        global.bootstrapLogging()
        let (records, provenance) = try StoreMerge.merge(stores: stores)
        try? FileManager.default.removeItem(atPath: store)
        let merged = try RunStore(path: store)
        try merged.append(records)
        try RunManifest.write(provenance, forStore: store)
        try LeaderboardWriter.write(records: merged.sortedRecords, provenance: provenance, to: out,
                                    peakResidentMegabytes: nil)
        FileHandle.standardError.write(Data("attribench: merged \(stores.count) stores (\(records.count) units) into \(store); leaderboard in \(out)/\n".utf8))
    }
}
