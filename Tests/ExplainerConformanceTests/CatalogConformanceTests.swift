import AttriBenchCLI
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
}
