import Foundation
import Testing

/// Faults of a real run on the encoder: SIGKILL at 20 seeded random points, a second run on a store
/// that one run holds, and a disk that fills up mid-run (a file-size limit, the same failed write).
@Suite(.serialized) struct FaultTests {
    /// 16 SST-2 examples × 3 cheap explainers = 48 units, a few seconds in all.
    static func suiteFile(in folder: String) throws -> String {
        let path = folder + "/suite.json"
        try """
            {"name": "fault-test", "seed": 2, "bootstrap_resamples": 100, "lds_ablations": 4,
             "tasks": [{"task": "sst2", "split": "dev", "examples": 16, "model": "\(try ModelFixtures.classifier.get())", "max_words": 10}],
             "explainers": ["random", "raw-attention", "occlusion"]}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let units = 48

    /// An uninterrupted run's store and leaderboard, computed once per process.
    static let straight: Result<(folder: String, suite: String, store: String), any Error> = Result {
        let folder = try RunCommandTests.folder()
        let suite = try suiteFile(in: folder)
        let result = try CommandRunner.run(["run", "--suite", suite, "--store", folder + "/straight.jsonl", "--out", folder + "/straight"])
        guard result.status == 0 else { throw ModelFixtures.FixtureError("the uninterrupted run failed: \(result.stderr)") }
        return (folder, suite, folder + "/straight.jsonl")
    }

    /// Lines in the file at `path` (0 when it is missing).
    static func lineCount(_ path: String) -> Int {
        guard let data = FileManager.default.contents(atPath: path) else { return 0 }
        return data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    /// Starts `attribench` with `arguments`, output discarded.
    static func start(_ arguments: [String], stderr: Pipe? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr ?? FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits until the file at `path` has at least `lines` lines or the process ends.
    static func wait(for lines: Int, in path: String, of process: Process, timeout: TimeInterval = 120) {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, lineCount(path) < lines, Date() < deadline { usleep(2_000) }
    }

    @Test func killedAtTwentySeededRandomPointsTheRunResumesToTheSameBytes() throws {
        let (folder, suite, _) = try Self.straight.get()
        let store = folder + "/killed.jsonl"
        let arguments = ["run", "--suite", suite, "--store", store, "--out", folder + "/killed"]
        var random = SplitMix64(seed: 20_251_203)
        var kills = 0, stored = 0
        for point in 0..<20 {
            // A kill point: 0 to 2 more stored units, then 0 to 80 ms more (mid-unit, mid-write, or during startup).
            let newUnits = Int(random.next() % 3), delay = UInt32(random.next() % 80_000)
            let process = try Self.start(arguments)
            Self.wait(for: stored + newUnits, in: store, of: process)
            usleep(delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { kills += 1 }
            let now = Self.lineCount(store)
            #expect(now >= stored, "kill point \(point): a stored unit was lost (\(now) lines, \(stored) before)")
            stored = now
        }
        #expect(kills >= 15, "most kill points fell inside the run (\(kills) of 20); make the suite longer if this fails")
        #expect(stored < Self.units, "the kills left work for the resumed run")
        let resumed = try CommandRunner.run(arguments)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(Self.lineCount(store) == Self.units, "every unit stored exactly once, nothing recomputed")
        #expect(try RunCommandTests.deterministicFiles(folder + "/killed") == RunCommandTests.deterministicFiles(folder + "/straight"))
    }

    @Test func aSecondRunOnAHeldStoreIsRefusedWithAClearMessage() throws {
        let (folder, suite, _) = try Self.straight.get()
        let store = folder + "/locked.jsonl"
        let first = try Self.start(["run", "--suite", suite, "--store", store, "--out", folder + "/locked"])
        Self.wait(for: 1, in: store, of: first)
        #expect(first.isRunning, "the first run still holds the store")
        let second = try CommandRunner.run(["run", "--suite", suite, "--store", store, "--out", folder + "/second"])
        #expect(second.status == 2)
        #expect(second.stderr.contains("run store \(store): another attribench run holds this store"), "\(second.stderr)")
        #expect(second.stderr.contains("wait for that run to finish, or pass another --store"), "\(second.stderr)")
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        // The lock died with its holder: the next command on the store takes it (the kill test resumes 20 times).
        let report = try CommandRunner.run(["report", "--store", store, "--out", folder + "/locked"])
        #expect(report.status == 0, "the lock died with its holder: \(report.stderr)")
    }

    /// The disk fills up after 40 units: the write fails (as ENOSPC would; a file-size limit makes it
    /// fail without a small filesystem), the run exits 2 naming the store, every unit stored before is
    /// intact, and a run with space resumes to the uninterrupted leaderboard.
    @Test func aFullDiskStopsTheRunWithoutLosingStoredUnits() throws {
        let (folder, suite, straight) = try Self.straight.get()
        let store = folder + "/full.jsonl"
        let lines = try String(contentsOfFile: straight, encoding: .utf8).split(separator: "\n")
        let before = lines.prefix(40).map { $0 + "\n" }.joined()
        try before.write(toFile: store, atomically: true, encoding: .utf8)
        let blocks = before.utf8.count / 1024 + 1   // room for part of the next unit at most
        let limited = try CommandRunner.run(["run", "--suite", suite, "--store", store, "--out", folder + "/full"],
                                            shell: "trap '' XFSZ; ulimit -f \(blocks); exec \"$0\" \"$@\"")
        #expect(limited.status == 2, "\(limited.stderr)")
        #expect(limited.stderr.contains("run store \(store): cannot append"), "\(limited.stderr)")
        #expect(limited.stderr.contains("is the disk full?"), "\(limited.stderr)")
        #expect(limited.stderr.contains("free space and run the same command again to resume"), "\(limited.stderr)")
        let kept = try String(contentsOfFile: store, encoding: .utf8)
        #expect(kept.hasPrefix(before), "the units stored before the disk filled are intact")
        #expect(kept.hasSuffix("\n"), "no torn line is left behind")
        let resumed = try CommandRunner.run(["run", "--suite", suite, "--store", store, "--out", folder + "/full"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try RunCommandTests.deterministicFiles(folder + "/full") == RunCommandTests.deterministicFiles(folder + "/straight"))
    }
}

/// SplitMix64, the seeded generator of the kill points.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
