import AttriJSON
import Foundation
import Testing
import TransformerCore

/// The golden classifier (all-MiniLM-L6-v2 + the seeded head of scripts/golden/encoder_golden.py) and the
/// golden files of scripts/golden/attribution_golden.py.
enum GoldenModel {
    static let home = ProcessInfo.processInfo.environment["ATTRIBENCH_HOME"]
        ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/attribench").path
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// The classifier; fails (never skips) when the model is missing.
    static let classifier = Result { () throws -> BertModel in
        let folder = "\(home)/models/all-MiniLM-L6-v2"
        try #require(FileManager.default.fileExists(atPath: "\(folder)/model.safetensors"),
                     "the encoder model is missing at \(folder): run scripts/setup-models.sh")
        let head = try SafetensorsFile(path: tests.appendingPathComponent("TransformerCoreTests/Golden/encoder_head.safetensors").path)
        return try BertModel(folder: folder).replacingClassifier(weight: try head.tensor("classifier.weight"),
                                                                 bias: try head.tensor("classifier.bias"))
    }

    /// This target's golden file.
    static func golden(_ name: String) throws -> JSONCursor {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)").path
        return JSONCursor(try JSONParser.parse(contentsOf: path), source: JSONSource(name: path))
    }
}
