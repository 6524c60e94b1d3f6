import AttriJSON
import Foundation
import Testing

/// Runs the built `attribench` executable as a user would.
enum CommandRunner {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String

        /// Standard output parsed as JSON.
        func json() throws -> JSONCursor {
            JSONCursor(try JSONParser.parse(stdout), source: JSONSource(name: "attribench stdout"))
        }
    }

    /// The executable beside the test bundle (both are SwiftPM products of the same build).
    static var executable: String {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if directory.lastPathComponent == "MacOS" {   // inside an .xctest bundle on macOS
            directory = directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        }
        return directory.appendingPathComponent("attribench").path
    }

    /// Runs `attribench` with `arguments`; with `shell`, through `bash -c shell attribench arguments…`
    /// (the script ends in `exec "$0" "$@"`), to set limits or signal dispositions first.
    static func run(_ arguments: [String], shell: String? = nil) throws -> Result {
        try #require(FileManager.default.isExecutableFile(atPath: executable),
                     "attribench is not built at \(executable): run `swift build --build-tests` first")
        let process = Process()
        if let shell {
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", shell, executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    static let home = ProcessInfo.processInfo.environment["ATTRIBENCH_HOME"]
        ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/attribench").path

    /// The real decoder GGUF; a test that needs it fails (never skips) when it is missing.
    static func decoderFile() throws -> String {
        let file = "\(home)/models/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf"
        try #require(FileManager.default.fileExists(atPath: file), "the decoder model is missing at \(file): run scripts/setup-models.sh")
        return file
    }

    /// The real encoder folder; a test that needs it fails (never skips) when it is missing.
    static func encoderFolder() throws -> String {
        let folder = "\(home)/models/all-MiniLM-L6-v2"
        try #require(FileManager.default.fileExists(atPath: "\(folder)/model.safetensors"),
                     "the encoder model is missing at \(folder): run scripts/setup-models.sh")
        return folder
    }
}
