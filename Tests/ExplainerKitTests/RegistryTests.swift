import AttriJSON
import ExplainerKit
import Testing

/// The registry and configuration overrides.
@Suite struct RegistryTests {
    struct Options: ExplainerConfiguration {
        var layer = -1
        var samples = 100
        var removal = WordRemoval.mask
        init() {}
    }
    struct Dummy: Explainer {
        let id: String
        let options: Options
        var descriptor: ExplainerDescriptor {
            ExplainerDescriptor(id: id, name: "Dummy", family: .baseline, reference: "test", modelKinds: [.encoderClassifier],
                                forwardPassBudget: ForwardPassBudget(constant: 0))
        }
        func explain(_ subject: ExplanationSubject) throws -> Attribution { Attribution(tokenScores: subject.tokens.map { _ in 0 }, of: subject) }
    }
    static func entry(_ id: String) -> ExplainerEntry {
        ExplainerEntry(Dummy(id: id, options: Options()).descriptor, configuration: Options.self) { Dummy(id: id, options: $0) }
    }

    @Test func duplicateIdsAreRejected() {
        #expect(throws: ExplainerError.duplicateExplainer(id: "a")) { try ExplainerRegistry([Self.entry("a"), Self.entry("b"), Self.entry("a")]) }
    }

    @Test(arguments: ["Bad", "bad_id", "-x", "x-", "", "9lives", "a--b"]) func invalidIdsAreRejected(id: String) {
        #expect(throws: ExplainerError.invalidIdentifier(id)) { try ExplainerRegistry([Self.entry(id)]) }
    }

    @Test func anUnknownIdNamesTheKnownOnes() throws {
        let registry = try ExplainerRegistry([Self.entry("alpha"), Self.entry("beta-2")])
        #expect { try registry.make("gamma") } throws: { "\($0)".contains("unknown explainer \"gamma\"; known explainers: alpha, beta-2") }
        #expect(registry.ids == ["alpha", "beta-2"])
        let extended = try registry.adding([Self.entry("gamma")])
        #expect(try extended.make("gamma").id == "gamma")
        #expect(throws: ExplainerError.duplicateExplainer(id: "alpha")) { try registry.adding([Self.entry("alpha")]) }
    }

    @Test func overridesReplaceDefaultsByTheirSnakeCaseNames() throws {
        let cursor = JSONCursor(try JSONParser.parse(#"{"samples": 7, "removal": "delete"}"#), source: JSONSource(name: "suite.json"))
        let options = try Options.resolving(cursor, explainer: "dummy")
        #expect(options.samples == 7 && options.removal == .delete && options.layer == -1)
        #expect(try Options.resolving(nil, explainer: "dummy") == Options())
    }

    @Test func anUnknownOptionIsAnErrorNamingItAndTheKnownOnes() throws {
        let cursor = JSONCursor(try JSONParser.parse(#"{"sample": 7}"#), source: JSONSource(name: "suite.json"))
        #expect { try Options.resolving(cursor, explainer: "dummy") } throws: {
            "\($0)".contains("unknown option \"sample\"") && "\($0)".contains("known options: layer, removal, samples")
                && "\($0)".contains("suite.json")
        }
    }

    @Test func aWronglyTypedOptionIsAnError() throws {
        let cursor = JSONCursor(try JSONParser.parse(#"{"removal": "erase"}"#), source: JSONSource(name: "suite.json"))
        #expect { try Options.resolving(cursor, explainer: "dummy") } throws: { "\($0)".contains("dummy") && "\($0)".contains("erase") }
    }
}
