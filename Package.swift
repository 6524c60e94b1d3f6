// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "AttriBench",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "attribench", targets: ["attribench"]),
        .library(name: "TensorCore", targets: ["TensorCore"]),
        .library(name: "Metrics", targets: ["Metrics"]),
        .library(name: "AttriJSON", targets: ["AttriJSON"]),
        .library(name: "TransformerCore", targets: ["TransformerCore"]),
        .library(name: "Datasets", targets: ["Datasets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // MARK: - System libraries
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CJSON",
            pkgConfig: "json-c",
            providers: [.apt(["libjson-c-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),

        // MARK: - JSON
        .target(name: "AttriJSON", dependencies: ["CJSON"]),

        // MARK: - Numerics
        .target(
            name: "TensorCore",
            dependencies: ["CBLAS", .product(name: "RealModule", package: "swift-numerics")]
        ),

        .target(name: "NumericTestKit"),

        // MARK: - Models
        .target(
            name: "TransformerCore",
            dependencies: ["TensorCore", "AttriJSON", .product(name: "Logging", package: "swift-log")]
        ),

        // MARK: - Data
        .target(
            name: "Datasets",
            dependencies: ["AttriJSON", "CZlib", .product(name: "Logging", package: "swift-log")]
        ),

        // MARK: - Evaluation
        .target(name: "Metrics", dependencies: ["TensorCore"]),

        // MARK: - Command line
        .executableTarget(
            name: "attribench",
            dependencies: [
                "TransformerCore", "TensorCore", "AttriJSON",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - Tests
        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore", "NumericTestKit"]),
        .testTarget(name: "SetupTests"),
        .testTarget(name: "AttriJSONTests", dependencies: ["AttriJSON"]),
        .testTarget(name: "CLITests", dependencies: ["AttriJSON", "attribench"]),
        .testTarget(
            name: "TransformerCoreTests",
            dependencies: [
                "TransformerCore", "TensorCore", "AttriJSON", "NumericTestKit",
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            exclude: ["Golden"]
        ),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "AttriJSON", "CZlib"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "TensorCore", "AttriJSON"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
