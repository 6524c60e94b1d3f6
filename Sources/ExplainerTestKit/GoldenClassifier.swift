import Foundation
import TransformerCore

/// The golden classifier the reference scripts compute against: the real all-MiniLM-L6-v2 from the
/// setup step with the seeded random head of `scripts/golden/encoder_golden.py`
/// (`Tests/TransformerCoreTests/Golden/encoder_head.safetensors`).
public enum GoldenClassifier {
    /// Why the golden classifier could not be loaded.
    public struct Missing: Error, CustomStringConvertible {
        /// What is missing and what to do.
        public let description: String
    }

    /// The model cache (`$ATTRIBENCH_HOME`, default `~/.cache/attribench`).
    public static var home: String {
        ProcessInfo.processInfo.environment["ATTRIBENCH_HOME"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/attribench").path
    }

    /// The classifier, with the head read from `headFile`; throws (a test fails, never skips) when the
    /// model is not set up.
    public static func load(headFile: String) throws -> BertModel {
        let folder = "\(home)/models/all-MiniLM-L6-v2"
        guard FileManager.default.fileExists(atPath: "\(folder)/model.safetensors") else {
            throw Missing(description: "the encoder model is missing at \(folder): run scripts/setup-models.sh")
        }
        let head = try SafetensorsFile(path: headFile)
        return try BertModel(folder: folder).replacingClassifier(weight: try head.tensor("classifier.weight"),
                                                                 bias: try head.tensor("classifier.bias"))
    }
}
