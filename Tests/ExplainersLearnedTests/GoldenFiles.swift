import AttriJSON
import Foundation
import Testing
import TransformerCore

/// The real encoder with the golden classifier head, and this target's golden files.
enum GoldenFiles {
    static let home = ProcessInfo.processInfo.environment["ATTRIBENCH_HOME"]
        ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/attribench").path

    /// A golden JSON document of this target.
    static func json(_ name: String) throws -> JSONCursor {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)").path
        return JSONCursor(try JSONParser.parse(contentsOf: path), source: JSONSource(name: path))
    }

    /// all-MiniLM-L6-v2 with TransformerCoreTests' golden classifier head; fails (never skips) when missing.
    static func goldenClassifier() throws -> BertModel {
        let folder = "\(home)/models/all-MiniLM-L6-v2"
        try #require(FileManager.default.fileExists(atPath: "\(folder)/model.safetensors"),
                     "the encoder model is missing at \(folder): run scripts/setup-models.sh")
        let headPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../TransformerCoreTests/Golden/encoder_head.safetensors").standardized.path
        let head = try SafetensorsFile(path: headPath)
        return try BertModel(folder: folder).replacingClassifier(weight: try head.tensor("classifier.weight"), bias: try head.tensor("classifier.bias"))
    }
}
