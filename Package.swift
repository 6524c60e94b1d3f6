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
        .library(name: "ExplainerKit", targets: ["ExplainerKit"]),
        .library(name: "ExplainersPerturbation", targets: ["ExplainersPerturbation"]),
        .library(name: "ExplainerTestKit", targets: ["ExplainerTestKit"]),
        .library(name: "AttriBenchCLI", targets: ["AttriBenchCLI"]),
        .library(name: "BenchRunner", targets: ["BenchRunner"]),
        .plugin(name: "AttriBenchPlugin", targets: ["AttriBenchPlugin"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "ExplainersAttention", targets: ["ExplainersAttention"]),
        .library(name: "ExplainersGradient", targets: ["ExplainersGradient"]),
        .library(name: "Training", targets: ["Training"]),
        .library(name: "ExplainersLearned", targets: ["ExplainersLearned"]),
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

        // The small-row GEMM kernel on prepacked weights (C with AVX2 intrinsics, chosen at run time).
        .target(name: "CPackedGemm"),
        // The spinning fork-join worker pool behind `parallelFor` (C: pthreads and C11 atomics).
        .target(name: "CWorkerPool"),

        // MARK: - JSON
        .target(name: "AttriJSON", dependencies: ["CJSON"]),

        // MARK: - Numerics
        .target(
            name: "TensorCore",
            dependencies: ["CBLAS", "CPackedGemm", "CWorkerPool", .product(name: "RealModule", package: "swift-numerics")]
        ),

        .target(name: "NumericTestKit"),

        // MARK: - Models
        .target(
            name: "TransformerCore",
            dependencies: ["TensorCore", "AttriJSON", .product(name: "Logging", package: "swift-log")]
        ),

        // MARK: - Explainers
        .target(name: "ExplainerKit", dependencies: ["TransformerCore", "TensorCore", "AttriJSON"]),
        .target(name: "ExplainersBaseline", dependencies: ["ExplainerKit", "TensorCore"]),
        .target(name: "ExplainersAttention", dependencies: ["ExplainerKit", "TensorCore"]),
        .target(name: "ExplainersPerturbation", dependencies: ["ExplainerKit", "TensorCore"]),
        .target(name: "ExplainersGradient", dependencies: ["ExplainerKit"]),
        .target(name: "ExplainersLearned", dependencies: ["ExplainerKit", "TensorCore", "AttriJSON", .product(name: "Logging", package: "swift-log")]),
        .target(name: "ExplainerTestKit", dependencies: ["ExplainerKit", "TransformerCore", "TensorCore"]),

        // MARK: - Data
        .target(
            name: "Datasets",
            dependencies: ["AttriJSON", "CZlib", .product(name: "Logging", package: "swift-log")]
        ),

        // MARK: - Training
        .target(
            name: "Training",
            dependencies: ["TransformerCore", "TensorCore", "Datasets", "AttriJSON", .product(name: "Logging", package: "swift-log")]
        ),

        // MARK: - Evaluation
        .target(name: "Metrics", dependencies: ["TensorCore", "ExplainerKit"]),

        // MARK: - Benchmark runner
        .target(
            name: "BenchRunner",
            dependencies: ["ExplainerKit", "Metrics", "Datasets", "TransformerCore", "AttriJSON", "TensorCore",
                           .product(name: "Logging", package: "swift-log")],
            resources: [.copy("Suites")]
        ),

        // MARK: - Command line
        .target(
            name: "AttriBenchCLI",
            dependencies: [
                "TransformerCore", "TensorCore", "AttriJSON", "ExplainerKit",
                "ExplainersBaseline", "ExplainersAttention", "ExplainersPerturbation", "BenchRunner", "Datasets",
                "ExplainersGradient", "Training", "ExplainersLearned",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "attribench", dependencies: ["AttriBenchCLI"]),
        .plugin(
            name: "AttriBenchPlugin",
            capability: .command(
                intent: .custom(verb: "attribench", description: "Run the attribench command line (run, report, new-explainer, …)"),
                permissions: [.writeToPackageDirectory(reason: "run writes leaderboard/ and new-explainer writes the new module's files")]
            ),
            dependencies: ["attribench"]
        ),

        // MARK: - Tests
        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore", "NumericTestKit"]),
        .testTarget(name: "SetupTests"),
        .testTarget(name: "AttriJSONTests", dependencies: ["AttriJSON"]),
        .testTarget(name: "CLITests", dependencies: ["AttriJSON", "attribench"]),
        .testTarget(name: "ExplainerKitTests", dependencies: ["ExplainerKit", "ExplainerTestKit", "TransformerCore", "AttriJSON"]),
        .testTarget(
            name: "ExplainerConformanceTests",
            dependencies: ["AttriBenchCLI", "BenchRunner", "ExplainerKit", "ExplainerTestKit", "ExplainersAttention", "ExplainersBaseline", "ExplainersPerturbation", "AttriJSON"]
        ),
        .testTarget(
            name: "TransformerCoreTests",
            dependencies: [
                "TransformerCore", "TensorCore", "AttriJSON", "NumericTestKit",
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            exclude: ["Golden"]
        ),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "TensorCore", "AttriJSON", "ExplainerKit", "ExplainerTestKit"], exclude: ["Golden"]),
        .testTarget(
            name: "BenchRunnerTests",
            dependencies: ["BenchRunner", "ExplainerKit", "ExplainerTestKit", "ExplainersBaseline", "ExplainersAttention",
                           "ExplainersPerturbation", "Datasets", "TransformerCore", "AttriJSON", "CZlib",
                           "ExplainersLearned"]
        ),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "AttriJSON", "CZlib"]),
        .testTarget(
            name: "ExplainersGradientTests",
            dependencies: ["ExplainersGradient", "ExplainerKit", "ExplainerTestKit", "TransformerCore", "TensorCore", "NumericTestKit", "AttriJSON"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "ExplainersAttentionTests",
            dependencies: ["ExplainersAttention", "ExplainerKit", "ExplainerTestKit", "TransformerCore", "TensorCore", "NumericTestKit", "AttriJSON"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "ExplainersPerturbationTests",
            dependencies: ["ExplainersPerturbation", "ExplainerKit", "ExplainerTestKit", "TransformerCore", "TensorCore",
                           "Metrics", "NumericTestKit", "AttriJSON"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "TrainingTests",
            dependencies: ["Training", "TransformerCore", "TensorCore", "AttriJSON", "NumericTestKit"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "ExplainersLearnedTests",
            dependencies: ["ExplainersLearned", "ExplainerKit", "ExplainerTestKit", "TransformerCore", "TensorCore", "NumericTestKit", "AttriJSON"],
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
