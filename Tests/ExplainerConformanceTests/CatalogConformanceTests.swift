import AttriBenchCLI
import AttriJSON
import BenchRunner
import ExplainerKit
import ExplainerTestKit
import Testing

/// Every explainer in the catalog passes the conformance kit; a new one is covered without editing
/// this file, because the arguments are the catalog itself.
@Suite struct CatalogConformanceTests {
    static let ids = Catalog.families.flatMap { $0 }.map(\.descriptor.id)

    @Test(arguments: ids) func conforms(id: String) throws {
        try ExplainerConformance.verify(Catalog.registry().entry(id))
    }

    @Test func theCatalogHoldsTheReferenceExplainers() throws {
        let registry = try Catalog.registry()
        for id in ["random", "raw-attention", "occlusion"] { #expect(registry.ids.contains(id)) }
    }

    /// The options the shipped suites give explainers (budgets, state folders) are ones the explainers
    /// accept: a typo in a suite would otherwise surface only when that suite runs.
    @Test(arguments: BuiltinSuites.names) func shippedSuiteOptionsBuild(suite name: String) throws {
        let registry = try Catalog.registry()
        for entry in try BuiltinSuites.load(name).explainers where entry.id != "*" {
            // A state folder exists only once its suite's script has trained it: the test checks the options
            // without it (a missing folder is a clear error at run time, tested with the explainers).
            guard case .object(var object) = entry.options ?? .object(JSONObject()) else { Issue.record("options not an object"); continue }
            object["state_directory"] = nil
            let options = JSONCursor(.object(object), source: JSONSource(name: "\(name).json"))
            #expect(throws: Never.self, "suite \(name), explainer \(entry.id)") { _ = try registry.make(entry.id, overrides: options) }
        }
    }
}
