import AttriJSON
import ExplainerTestKit
import Foundation
import Testing
import TransformerCore

/// The real encoder with the golden classifier head, and this target's golden files.
enum GoldenFiles {
    static let home = GoldenClassifier.home

    /// A golden JSON document of this target.
    static func json(_ name: String) throws -> JSONCursor {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)").path
        return JSONCursor(try JSONParser.parse(contentsOf: path), source: JSONSource(name: path))
    }

    /// all-MiniLM-L6-v2 with TransformerCoreTests' golden classifier head; fails (never skips) when missing.
    static func goldenClassifier() throws -> BertModel {
        try GoldenClassifier.load(headFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../TransformerCoreTests/Golden/encoder_head.safetensors").standardized.path)
    }
}
