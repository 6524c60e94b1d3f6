// swift-tools-version: 6.1
import PackageDescription

// Throughput benchmarks, kept out of the main package so that `swift build` / `swift test` at the
// root never build them. Run: `bash benchmarks/run-kernels.sh` (or `swift package benchmark` here).
let package = Package(
    name: "AttriBenchBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "AttriBench", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "DecoderThroughput",
            dependencies: [
                .product(name: "TransformerCore", package: "AttriBench"),
                .product(name: "TensorCore", package: "AttriBench"),
            ]
        ),
        .executableTarget(
            name: "PerturbationSpeed",
            dependencies: [
                .product(name: "TransformerCore", package: "AttriBench"),
                .product(name: "ExplainerKit", package: "AttriBench"),
                .product(name: "ExplainersPerturbation", package: "AttriBench"),
            ]
        ),
        .executableTarget(
            name: "AT2Throughput",
            dependencies: [
                .product(name: "ExplainerKit", package: "AttriBench"),
                .product(name: "ExplainersLearned", package: "AttriBench"),
                .product(name: "TransformerCore", package: "AttriBench"),
                .product(name: "TensorCore", package: "AttriBench"),
            ]
        ),
        .executableTarget(
            name: "AttributionThroughput",
            dependencies: [
                .product(name: "TransformerCore", package: "AttriBench"),
                .product(name: "ExplainerKit", package: "AttriBench"),
                .product(name: "ExplainersAttention", package: "AttriBench"),
                .product(name: "ExplainersGradient", package: "AttriBench"),
            ]
        ),
        .executableTarget(
            name: "EncoderThroughput",
            dependencies: [
                .product(name: "TransformerCore", package: "AttriBench"),
                .product(name: "TensorCore", package: "AttriBench"),
            ]
        ),
        .executableTarget(
            name: "ExplainerThroughput",
            dependencies: [
                .product(name: "TransformerCore", package: "AttriBench"),
                .product(name: "TensorCore", package: "AttriBench"),
                .product(name: "ExplainerKit", package: "AttriBench"),
                .product(name: "ExplainersLearned", package: "AttriBench"),
                .product(name: "ExplainersAttention", package: "AttriBench"),
                .product(name: "Datasets", package: "AttriBench"),
            ]
        ),
        .executableTarget(
            name: "TrainingThroughput",
            dependencies: [
                .product(name: "Training", package: "AttriBench"),
                .product(name: "Datasets", package: "AttriBench"),
                .product(name: "TransformerCore", package: "AttriBench"),
                .product(name: "TensorCore", package: "AttriBench"),
            ]
        ),
        .executableTarget(
            name: "Kernels",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TensorCore", package: "AttriBench"),
            ],
            path: "Benchmarks/Kernels",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
