import AttriJSON
import ExplainerTestKit
import Foundation
import TransformerCore

/// The golden classifier (`ExplainerTestKit.GoldenClassifier`) and the golden files of
/// scripts/golden/attribution_golden.py.
enum GoldenModel {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// The classifier; fails (never skips) when the model is missing.
    static let classifier = Result {
        try GoldenClassifier.load(headFile: tests.appendingPathComponent("TransformerCoreTests/Golden/encoder_head.safetensors").path)
    }

    /// This target's golden file.
    static func golden(_ name: String) throws -> JSONCursor {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)").path
        return JSONCursor(try JSONParser.parse(contentsOf: path), source: JSONSource(name: path))
    }
}
