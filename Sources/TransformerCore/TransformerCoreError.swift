/// Every error TransformerCore throws: bad model files, configs, tokenizers and inputs. Each message
/// names the file, tensor, field or value and says what to do.
public enum TransformerCoreError: Error, Equatable, CustomStringConvertible {
    /// A model file is damaged, hostile or not what it claims to be.
    case corruptFile(path: String, reason: String)
    /// A tensor the architecture needs is absent.
    case missingTensor(path: String, name: String)
    /// A tensor the architecture does not know is present.
    case unexpectedTensor(path: String, name: String)
    /// A tensor has the wrong shape.
    case wrongShape(path: String, name: String, expected: [Int], found: [Int])
    /// A configuration value is missing or unusable.
    case invalidConfig(path: String, field: String, reason: String)
    /// An input (text, ids, batch) cannot be processed.
    case invalidInput(String)
    /// A file could not be read or written.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case let .corruptFile(path, reason):
            return "\(path): \(reason); the file is damaged or not a valid model file — download it again (scripts/setup-models.sh)"
        case let .missingTensor(path, name):
            return "\(path): tensor \"\(name)\" is missing; the checkpoint does not match the architecture in config.json"
        case let .unexpectedTensor(path, name):
            return "\(path): unexpected tensor \"\(name)\"; the checkpoint does not match the architecture in config.json"
        case let .wrongShape(path, name, expected, found):
            return "\(path): tensor \"\(name)\" has shape \(found), expected \(expected) from config.json"
        case let .invalidConfig(path, field, reason):
            return "\(path): \"\(field)\" \(reason)"
        case let .invalidInput(message):
            return message
        case let .io(path, reason):
            return "\(path): \(reason)"
        }
    }
}
