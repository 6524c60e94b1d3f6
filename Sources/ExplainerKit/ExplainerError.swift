/// Every error ExplainerKit and the explainers built on it throw. Each message says what was wrong,
/// where, and what to do.
public enum ExplainerError: Error, Equatable, CustomStringConvertible {
    /// The input has nothing to explain (no words, no sources, an empty response).
    case emptyInput(String)
    /// The explainer does not support this kind of model; its descriptor says which it does.
    case unsupportedModel(explainer: String, kind: ModelKind)
    /// An id the registry does not know.
    case unknownExplainer(id: String, known: [String])
    /// Two entries share an id.
    case duplicateExplainer(id: String)
    /// An id is not lower-kebab case.
    case invalidIdentifier(String)
    /// A configuration value is unusable.
    case invalidConfiguration(explainer: String, reason: String)
    /// A target class or position outside the model's range.
    case invalidTarget(String)
    /// The model failed on an input (message from the model layer).
    case model(String)

    public var description: String {
        switch self {
        case let .emptyInput(what):
            return "nothing to explain: \(what); give at least one word (encoder) or one source and a response (decoder)"
        case let .unsupportedModel(explainer, kind):
            return "explainer \"\(explainer)\" does not support \(kind.rawValue) models; see `attribench list explainers` for what each supports"
        case let .unknownExplainer(id, known):
            return "unknown explainer \"\(id)\"; known explainers: \(known.joined(separator: ", "))"
        case let .duplicateExplainer(id):
            return "two explainers are registered as \"\(id)\"; give each module its own id"
        case let .invalidIdentifier(id):
            return "explainer id \"\(id)\" is not lower-kebab case (e.g. \"my-explainer\")"
        case let .invalidConfiguration(explainer, reason):
            return "configuration of \"\(explainer)\": \(reason)"
        case let .invalidTarget(reason):
            return "target: \(reason)"
        case let .model(message):
            return message
        }
    }
}
