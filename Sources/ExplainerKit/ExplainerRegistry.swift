import AttriJSON

/// The explainers a run can use: an immutable value built from the families' literal entry lists.
/// It rejects invalid and duplicate ids; asking for an unknown id names the known ones.
public struct ExplainerRegistry: Sendable {
    /// Every entry, in registration order.
    public let entries: [ExplainerEntry]
    private let index: [String: Int]

    /// A registry of `entries` (typically `families.flatMap { $0 }`).
    public init(_ entries: [ExplainerEntry]) throws {
        var index: [String: Int] = [:]
        for (position, entry) in entries.enumerated() {
            let id = entry.descriptor.id
            guard ExplainerDescriptor.isValidIdentifier(id) else { throw ExplainerError.invalidIdentifier(id) }
            guard index.updateValue(position, forKey: id) == nil else { throw ExplainerError.duplicateExplainer(id: id) }
        }
        self.entries = entries
        self.index = index
    }

    /// The ids, in registration order.
    public var ids: [String] { entries.map(\.descriptor.id) }

    /// The entry registered as `id`.
    public func entry(_ id: String) throws -> ExplainerEntry {
        guard let position = index[id] else { throw ExplainerError.unknownExplainer(id: id, known: ids) }
        return entries[position]
    }

    /// The explainer `id`, configured with `overrides` (nil for the defaults).
    public func make(_ id: String, overrides: JSONCursor? = nil) throws -> any Explainer {
        try entry(id).make(overrides: overrides)
    }

    /// This registry with `more` entries after its own (a user's explainers beside the built-ins).
    public func adding(_ more: [ExplainerEntry]) throws -> ExplainerRegistry {
        try ExplainerRegistry(entries + more)
    }
}
