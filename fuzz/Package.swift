// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets for AttriBench's file parsers, kept out of the main package so that `swift build` /
// `swift test` at the root never build them. They only link with `-sanitize=fuzzer`:
// run `bash scripts/fuzz.sh [SECONDS_PER_TARGET]` from the repository root.
let targets = [
    "FuzzSafetensors", "FuzzGGUF", "FuzzBPE", "FuzzWordPiece", "FuzzJSON", "FuzzRationaleJSONL", "FuzzTSV", "FuzzEraser",
    "FuzzSquad", "FuzzSuite",
]

let package = Package(
    name: "AttriBenchFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "AttriBench", path: ".."),
    ],
    targets: [
        .target(name: "FuzzSupport"),
    ] + targets.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                "FuzzSupport",
                .product(name: "TransformerCore", package: "AttriBench"),
                .product(name: "AttriJSON", package: "AttriBench"),
                .product(name: "Datasets", package: "AttriBench"),
                .product(name: "BenchRunner", package: "AttriBench"),
            ]
        )
    },
    swiftLanguageModes: [.v6]
)
