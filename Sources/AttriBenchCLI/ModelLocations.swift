import Foundation

/// Where the project keeps models and caches: `$ATTRIBENCH_HOME` (default `~/.cache/attribench`).
enum ModelLocations {
    /// The project's cache folder.
    static var home: String {
        ProcessInfo.processInfo.environment["ATTRIBENCH_HOME"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/attribench").path
    }

    /// The base encoder folder (all-MiniLM-L6-v2), set up by scripts/setup-models.sh.
    static var baseEncoder: String { "\(home)/models/all-MiniLM-L6-v2" }

    /// The default decoder GGUF (SmolLM2-135M-Instruct), set up by scripts/setup-models.sh.
    static var defaultDecoder: String { "\(home)/models/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf" }

    /// The folder of the project's fine-tuned classifiers.
    static var fineTuned: String { "\(home)/finetuned" }
}
