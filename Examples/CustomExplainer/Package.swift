// swift-tools-version: 6.1
// A user's package that adds its own explainer to AttriBench and runs the whole tool with it beside the
// built-ins. CI builds it, runs its conformance test and calls it (scripts/check-extension-package.sh).
import PackageDescription

let package = Package(
    name: "CustomExplainer",
    platforms: [.macOS(.v14)],
    dependencies: [
        // In your own package: .package(url: "<your AttriBench clone>", branch: "main")
        .package(name: "AttriBench", path: "../.."),
    ],
    targets: [
        .target(name: "PositionPrior", dependencies: [.product(name: "ExplainerKit", package: "AttriBench")]),
        .executableTarget(
            name: "custom-attribench",
            dependencies: ["PositionPrior", .product(name: "AttriBenchCLI", package: "AttriBench")]
        ),
        .testTarget(
            name: "PositionPriorTests",
            dependencies: ["PositionPrior", .product(name: "ExplainerTestKit", package: "AttriBench"),
                           .product(name: "ExplainerKit", package: "AttriBench")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
