import AttriJSON
import Foundation
import Testing

/// Where the real models are (set up by scripts/setup-models.sh) and the golden files.
enum ModelLocations {
    static let home = ProcessInfo.processInfo.environment["ATTRIBENCH_HOME"]
        ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/attribench").path

    /// The all-MiniLM-L6-v2 folder; a test that needs it fails (never skips) when it is missing.
    static func encoderFolder() throws -> String {
        let folder = "\(home)/models/all-MiniLM-L6-v2"
        try #require(FileManager.default.fileExists(atPath: "\(folder)/model.safetensors"),
                     "the encoder model is missing at \(folder): run scripts/setup-models.sh")
        return folder
    }

    /// The SmolLM2-135M-Instruct GGUF; a test that needs it fails (never skips) when it is missing.
    static func decoderFile() throws -> String {
        let file = "\(home)/models/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf"
        try #require(FileManager.default.fileExists(atPath: file),
                     "the decoder model is missing at \(file): run scripts/setup-models.sh")
        return file
    }

    /// A golden file's path.
    static func golden(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)").path
    }

    /// A golden JSON document.
    static func goldenJSON(_ name: String) throws -> JSONCursor {
        let path = golden(name)
        return JSONCursor(try JSONParser.parse(contentsOf: path), source: JSONSource(name: path))
    }
}
