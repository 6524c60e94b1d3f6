import AttriJSON
import Foundation

/// An explainer's options: a Codable struct whose `init()` holds the documented defaults. A suite file
/// overrides any of them by name (snake_case keys); an unknown key is an error that names it and the
/// known ones. Properties should not be optional (an absent default could not be told from a typo).
public protocol ExplainerConfiguration: Codable, Sendable, Equatable {
    /// The defaults.
    init()
}

extension ExplainerConfiguration {
    /// The defaults with `overrides` (a JSON object, or nil for none) applied, for explainer `id`.
    public static func resolving(_ overrides: JSONCursor?, explainer id: String) throws -> Self {
        guard let overrides else { return Self() }
        let defaults = try Self().jsonObject()
        let given = try overrides.object()
        var merged = defaults
        for (key, value) in given.pairs {
            guard defaults[key] != nil else {
                throw ExplainerError.invalidConfiguration(
                    explainer: id, reason: "unknown option \"\(key)\" at \(overrides.source.name)\(overrides.path); known options: \(defaults.keys.joined(separator: ", "))")
            }
            merged[key] = value
        }
        do {
            return try JSONValueDecoder().decode(Self.self, from: JSONCursor(.object(merged), source: overrides.source))
        } catch {
            throw ExplainerError.invalidConfiguration(explainer: id, reason: "\(error)")
        }
    }

    /// The configuration as a JSON object with snake_case keys (what a results file records).
    public func jsonObject() throws -> JSONObject {
        guard case .object(let object) = try JSONValueEncoder(keyStrategy: .convertToSnakeCase).encode(self).withSortedKeys else {
            preconditionFailure("a configuration must encode as a JSON object")
        }
        return object
    }
}

/// The configuration of an explainer without options.
public struct NoOptions: ExplainerConfiguration {
    /// No options.
    public init() {}
}
