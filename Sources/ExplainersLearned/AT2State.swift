import AttriJSON
import ExplainerKit
import Foundation

/// What AT2 learned — one weight per (layer, head) — with the provenance of the training, as written
/// to and read from `at2-state.json`. Deterministic: the same training gives the same bytes (wall time
/// is kept apart, in `training-cost.json`).
public struct AT2State: Codable, Sendable, Equatable {
    /// How the weights were obtained.
    public struct Provenance: Codable, Sendable, Equatable {
        /// What the training inputs were (free text from the caller, e.g. "xquad articles 0-23").
        public var trainingData: String
        /// Training inputs.
        public var trainingExamples: Int
        /// FNV-1a over the training inputs' fingerprints, in order.
        public var trainingFingerprint: String
        /// The explainer configuration used (ablations, keep probability, optimiser).
        public var configuration: AT2Explainer.Configuration
        /// The objective on all training data with uniform weights, and after training.
        public var initialLoss: Double, finalLoss: Double
    }

    /// The file format's version.
    public var formatVersion = 1
    /// The explainer id that wrote it (`at2` or `at2-encoder`).
    public var explainer: String
    /// Layers and heads of the model the weights belong to.
    public var layers: Int, heads: Int
    /// θ, indexed `layer · heads + head`.
    public var theta: [Double]
    /// How θ was obtained.
    public var provenance: Provenance

    /// The state file's name inside a state directory.
    public static let fileName = "at2-state.json"

    /// Writes the state into `directory` (created when missing).
    public func write(to directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try JSONValueEncoder().write(self, toFile: URL(fileURLWithPath: directory).appendingPathComponent(Self.fileName).path)
        } catch {
            throw ExplainerError.invalidConfiguration(explainer: explainer, reason: "cannot write \(directory)/\(Self.fileName): \(error)")
        }
    }

    /// Reads the state of `explainer` from `directory`, checking its version, id and weight count.
    public static func read(from directory: String, explainer: String) throws -> AT2State {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(fileName).path
        let state: AT2State
        do {
            state = try JSONValueDecoder().decode(AT2State.self, fromFile: path)
        } catch {
            throw ExplainerError.invalidConfiguration(
                explainer: explainer, reason: "cannot read the learned state \(path): \(error); train it first (attribench train-at2) or fix state_directory")
        }
        guard state.formatVersion == 1 else {
            throw ExplainerError.invalidConfiguration(explainer: explainer, reason: "\(path): format_version \(state.formatVersion) is not 1")
        }
        guard state.explainer == explainer else {
            throw ExplainerError.invalidConfiguration(explainer: explainer, reason: "\(path) holds weights of \"\(state.explainer)\", not \"\(explainer)\"")
        }
        guard state.theta.count == state.layers * state.heads, state.theta.allSatisfy(\.isFinite) else {
            throw ExplainerError.invalidConfiguration(
                explainer: explainer, reason: "\(path): theta must hold \(state.layers * state.heads) finite weights for \(state.layers)×\(state.heads) heads, found \(state.theta.count)")
        }
        return state
    }

    /// FNV-1a of the inputs' fingerprints, as 16 hex digits.
    static func fingerprint(of subjects: [ExplanationSubject]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for subject in subjects {
            var value = subject.fingerprint
            for _ in 0..<8 { hash = (hash ^ (value & 0xff)) &* 0x100_0000_01b3; value >>= 8 }
        }
        return String(format: "%016llx", hash)
    }
}

/// What AT2's training cost: the ablations behind its training data.
public struct AT2TrainingCost: Codable, Sendable, Equatable {
    /// Training inputs.
    public var examples: Int
    /// Forward passes (masked passes and attention passes).
    public var forwardPasses: Int
    /// Wall seconds generating the data, and fitting θ.
    public var dataSeconds: Double, fitSeconds: Double

    /// The cost file's name inside a state directory.
    public static let fileName = "training-cost.json"

    /// Data-generation seconds per training input.
    public var secondsPerExample: Double { examples > 0 ? dataSeconds / Double(examples) : 0 }
}
