import AttriJSON
import ExplainerKit
import Foundation

/// What ExpNet learned, with where it came from: the network and the training provenance.
///
/// Saved as two files in a directory: `expnet.json` (format, sizes, configuration, provenance and the
/// parameters' FNV-1a hash) and `expnet-parameters.f64` (the parameters as little-endian IEEE-754
/// doubles, bit-exact). Loading checks the sizes and the hash, so a damaged or mismatched file is an
/// error that names it rather than a silently different explainer.
public struct ExpNetState: Sendable, Equatable {
    /// Training provenance.
    public struct Provenance: Sendable, Equatable {
        /// Training examples (inputs with a rationale) used.
        public var examples: Int
        /// Training tokens (rows) and how many of them were positive.
        public var tokens: Int, positiveTokens: Int
        /// The seed of the training.
        public var seed: UInt64
        /// FNV-1a hash of the training data (every example's tokens and rationale, in order).
        public var dataHash: String
        /// Mean focal loss over the training tokens in the last epoch.
        public var finalLoss: Double
    }

    /// The network.
    public var model: ExpNetModel
    /// Where it came from.
    public var provenance: Provenance

    /// The state's format tag.
    public static let format = "expnet-v1"
    /// The manifest's file name.
    public static let manifestName = "expnet.json"
    /// The parameters' file name.
    public static let parametersName = "expnet-parameters.f64"

    /// FNV-1a 64 of the parameters' bit patterns, as 16 hex digits.
    public var parametersHash: String { Self.hash(model.parameters) }

    /// FNV-1a 64 of doubles' little-endian bytes.
    static func hash(_ values: [Double]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for value in values {
            var bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { for byte in $0 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 } }
        }
        return String(format: "%016llx", hash)
    }

    // MARK: - Save and load

    /// Writes the state and `configuration` into `directory` (created when missing).
    public func save(to directory: String, configuration: ExpNetExplainer.Configuration) throws {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var bytes = Data(capacity: model.parameters.count * 8)
            for value in model.parameters {
                var bits = value.bitPattern.littleEndian
                withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
            }
            try bytes.write(to: URL(fileURLWithPath: directory + "/" + Self.parametersName), options: .atomic)
            let manifest = JSONValue.object(JSONObject([
                ("format", JSONValue(Self.format)), ("input_size", JSONValue(model.inputSize)),
                ("hidden_size", JSONValue(model.hiddenSize)), ("parameters", JSONValue(model.parameters.count)),
                ("parameters_hash", JSONValue(parametersHash)),
                ("configuration", .object(try configuration.jsonObject())),
                ("examples", JSONValue(provenance.examples)), ("tokens", JSONValue(provenance.tokens)),
                ("positive_tokens", JSONValue(provenance.positiveTokens)),
                ("seed", JSONValue(String(provenance.seed))), ("data_hash", JSONValue(provenance.dataHash)),
                ("final_loss", JSONValue(provenance.finalLoss)),
            ]))
            try (JSONWriter.string(manifest, style: .pretty) + "\n")
                .write(toFile: directory + "/" + Self.manifestName, atomically: true, encoding: .utf8)
        } catch let error as ExplainerError {
            throw error
        } catch {
            throw ExplainerError.model("cannot save the ExpNet state to \(directory) (\(error)); check the folder is writable")
        }
    }

    /// Reads a state saved by `save(to:configuration:)`, checking it against `configuration`.
    public static func load(from directory: String, configuration: ExpNetExplainer.Configuration) throws -> ExpNetState {
        let manifestPath = directory + "/" + manifestName, parametersPath = directory + "/" + parametersName
        func invalid(_ reason: String) -> ExplainerError {
            .invalidConfiguration(explainer: ExpNetExplainer.descriptor.id, reason: "\(reason); retrain (delete the folder) or point at a state saved by expnet")
        }
        let json: JSONCursor
        do { json = JSONCursor(try JSONParser.parse(contentsOf: manifestPath), source: JSONSource(name: manifestPath)) } catch {
            throw invalid("cannot read \(manifestPath) (\(error))")
        }
        do {
            guard try json.field("format").string() == format else { throw invalid("\(manifestPath): \"format\" is not \(format)") }
            let inputSize = try json.field("input_size").integer(in: 1...1_000_000)
            let hiddenSize = try json.field("hidden_size").integer(in: 1...1_000_000)
            guard hiddenSize == configuration.hiddenSize else {
                throw invalid("\(manifestPath): \"hidden_size\" \(hiddenSize) differs from the configuration's \(configuration.hiddenSize)")
            }
            guard let data = FileManager.default.contents(atPath: parametersPath) else { throw invalid("cannot read \(parametersPath)") }
            let count = ExpNetModel.parameterCount(inputSize: inputSize, hiddenSize: hiddenSize)
            guard data.count == count * 8 else {
                throw invalid("\(parametersPath) holds \(data.count) bytes, expected \(count * 8) for \(count) parameters")
            }
            let parameters = (0..<count).map { i -> Double in
                var bits: UInt64 = 0
                for b in 0..<8 { bits |= UInt64(data[data.startIndex + i * 8 + b]) << (8 * b) }
                return Double(bitPattern: bits)
            }
            let expected = try json.field("parameters_hash").string()
            guard hash(parameters) == expected else {
                throw invalid("\(parametersPath): the parameters hash \(hash(parameters)) differs from \(expected) in \(manifestPath)")
            }
            guard let seed = UInt64(try json.field("seed").string()) else { throw invalid("\(manifestPath): \"seed\" is not an unsigned integer") }
            let provenance = Provenance(examples: try json.field("examples").integer(), tokens: try json.field("tokens").integer(),
                                        positiveTokens: try json.field("positive_tokens").integer(), seed: seed,
                                        dataHash: try json.field("data_hash").string(), finalLoss: try json.field("final_loss").double())
            return ExpNetState(model: ExpNetModel(inputSize: inputSize, hiddenSize: hiddenSize, parameters: parameters), provenance: provenance)
        } catch let error as ExplainerError {
            throw error
        } catch {
            throw invalid("\(manifestPath): \(error)")
        }
    }
}

extension ExpNetExplainer {
    /// Writes the learned state into `directory`; an untrained explainer has nothing to save.
    public func saveState(to directory: String) throws {
        guard let state else {
            throw ExplainerError.invalidConfiguration(explainer: descriptor.id, reason: "nothing to save: ExpNet is not trained")
        }
        try state.save(to: directory, configuration: configuration)
    }

    /// A copy with the state saved in `directory`.
    public func loadingState(from directory: String) throws -> ExpNetExplainer {
        ExpNetExplainer(configuration: configuration, state: try ExpNetState.load(from: directory, configuration: configuration))
    }
}
