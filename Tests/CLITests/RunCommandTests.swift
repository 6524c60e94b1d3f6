import AttriJSON
import Foundation
import Testing

/// `attribench run`, `report` and `merge` on the real decoder: a SIGKILLed run resumes to the same
/// leaderboard bytes, shards merge to the single-machine leaderboard, and mistakes exit with 2.
@Suite(.serialized) struct RunCommandTests {
    static func suiteFile(in folder: String) throws -> String {
        let path = folder + "/suite.json"
        try """
            {"name": "cli-test", "seed": 1, "bootstrap_resamples": 200, "lds_ablations": 4,
             "tasks": [{"task": "xquad", "split": "dev", "examples": 2, "model": "decoder", "max_sources": 3}],
             "explainers": ["random", "occlusion"]}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func folder() throws -> String {
        let folder = NSTemporaryDirectory() + "attribench-cli-run-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    static func deterministicFiles(_ folder: String) throws -> [String] {
        try ["leaderboard.md", "leaderboard.csv", "leaderboard.json"].map { try String(contentsOfFile: "\(folder)/\($0)", encoding: .utf8) }
    }

    @Test func aKilledRunResumesToTheSameLeaderboard() throws {
        _ = try CommandRunner.decoderFile()
        let folder = try Self.folder()
        let suite = try Self.suiteFile(in: folder)
        let straight = try CommandRunner.run(["run", "--suite", suite, "--store", folder + "/straight.jsonl", "--out", folder + "/straight"])
        #expect(straight.status == 0, "\(straight.stderr)")
        #expect(straight.stderr.contains("4 units computed"), "\(straight.stderr)")

        // Start the same run on a new store, SIGKILL it once a few units are stored, then resume.
        let store = folder + "/killed.jsonl"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.executable)
        process.arguments = ["run", "--suite", suite, "--store", store, "--out", folder + "/killed"]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(600)
        while Date() < deadline {
            let lines = (try? String(contentsOfFile: store, encoding: .utf8))?.split(separator: "\n").count ?? 0
            if lines >= 2 { break }
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the run was killed before it finished")
        let resumed = try CommandRunner.run(["run", "--suite", suite, "--store", store, "--out", folder + "/killed"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(!resumed.stderr.contains(" 0 reused"), "the resumed run reused the stored units: \(resumed.stderr)")
        #expect(try Self.deterministicFiles(folder + "/killed") == Self.deterministicFiles(folder + "/straight"))

        // `report` re-renders the same bytes from the store alone.
        let report = try CommandRunner.run(["report", "--store", store, "--out", folder + "/report"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(try Self.deterministicFiles(folder + "/report") == Self.deterministicFiles(folder + "/straight"))
    }

    @Test func shardsMergeToTheSingleMachineLeaderboard() throws {
        _ = try CommandRunner.decoderFile()
        let folder = try Self.folder()
        let suite = try Self.suiteFile(in: folder)
        let single = try CommandRunner.run(["run", "--suite", suite, "--store", folder + "/single.jsonl", "--out", folder + "/single"])
        #expect(single.status == 0, "\(single.stderr)")
        for k in 1...2 {
            let shard = try CommandRunner.run(["run", "--suite", suite, "--shard", "\(k)/2", "--store", folder + "/shard\(k).jsonl"])
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        let merge = try CommandRunner.run(["merge", folder + "/shard1.jsonl", folder + "/shard2.jsonl", "--store", folder + "/merged.jsonl",
                                           "--out", folder + "/merged"])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(try Self.deterministicFiles(folder + "/merged") == Self.deterministicFiles(folder + "/single"))
    }

    @Test(arguments: [
        (["run", "--suite", "no-such-suite"], "no shipped suite of that name"),
        (["run", "--suite", "smoke", "--shard", "3/2"], "expected K/N"),
        (["report", "--store", "/nonexistent/store.jsonl"], "no such file"),
        (["run", "--suite", "/nonexistent/suite.json"], "/nonexistent/suite.json"),
    ])
    func mistakesExitWithTwo(arguments: [String], message: String) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
