import Benchmark
import TensorCore

// GEMM GFLOP/s at the encoder's shapes and softmax / layer-norm memory throughput (MB/s: bytes read + written).
// The theoretical FP32 peak of the machine is printed by benchmarks/run-kernels.sh beside these.

/// A GEMM shape: (M,K) · (K,N), named as the encoder uses it.
struct GemmShape {
    let name: String
    let m: Int, k: Int, n: Int
    var flops: Int { 2 * m * k * n }
}

let gemmShapes = [
    GemmShape(name: "qkv 64x384*384x1152", m: 64, k: 384, n: 1152),
    GemmShape(name: "ffn-up 64x384*384x1536", m: 64, k: 384, n: 1536),
    GemmShape(name: "ffn-down 64x1536*1536x384", m: 64, k: 1536, n: 384),
    GemmShape(name: "ffn-up 2048x384*384x1536", m: 2048, k: 384, n: 1536),
]

let gflops = BenchmarkMetric.custom("GFLOP/s", polarity: .prefersLarger, useScalingFactor: false)
let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)

/// Wall seconds of `body`.
func timed(_ body: () -> Void) -> Double {
    let elapsed = ContinuousClock().measure(body)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

func filled(_ count: Int, seed: UInt64) -> [Float] {
    var random = SeededRandom(seed: seed)
    return (0..<count).map { _ in random.nextFloat() - 0.5 }
}

let benchmarks: @Sendable () -> Void = {
    print("BLAS: \(ComputeThreads.blasKernels), \(ComputeThreads.count) threads")
    let configuration = Benchmark.Configuration(metrics: [.wallClock, megabytesPerSecond],
                                                maxDuration: .seconds(2), maxIterations: 1_000_000)
    for shape in gemmShapes {
        Benchmark("gemm \(shape.name)", configuration: .init(metrics: [.wallClock, gflops],
                                                             maxDuration: .seconds(2))) { benchmark in
            let a = filled(shape.m * shape.k, seed: 1), b = filled(shape.n * shape.k, seed: 2)
            var c = [Float](repeating: 0, count: shape.m * shape.n)
            let iterations = max(1, 200_000_000 / shape.flops)
            let seconds = timed {
                for _ in 0..<iterations {
                    c.withUnsafeMutableBufferPointer { cp in
                        gemm(transposeA: false, transposeB: true, m: shape.m, n: shape.n, k: shape.k, a: a,
                             lda: shape.k, b: b, ldb: shape.k, c: cp.baseAddress!, ldc: shape.n)
                    }
                }
            }
            blackHole(c)
            benchmark.measurement(gflops, Int(Double(iterations * shape.flops) / seconds / 1e9))
        }
    }

    Benchmark("softmax 12x64 rows of 64 (attention)", configuration: configuration) { benchmark in
        let rows = 32 * 12 * 64, cols = 64
        let scores = filled(rows * cols, seed: 3)
        var probs = [Float](repeating: 0, count: rows * cols)
        let seconds = timed {
            probs.withUnsafeMutableBufferPointer { p in
                softmaxForward(probs: p.baseAddress!, scores: scores, additiveMask: nil, rows: rows, cols: cols)
            }
        }
        blackHole(probs)
        benchmark.measurement(megabytesPerSecond, Int(Double(2 * rows * cols * 4) / seconds / 1e6))
    }

    Benchmark("layernorm 2048x384", configuration: configuration) { benchmark in
        let n = 2048, c = 384
        let input = filled(n * c, seed: 4), weight = filled(c, seed: 5), bias = filled(c, seed: 6)
        var out = [Float](repeating: 0, count: n * c)
        let seconds = timed {
            out.withUnsafeMutableBufferPointer { o in
                layerNormForward(out: o.baseAddress!, mean: nil, rstd: nil, input: input, weight: weight, bias: bias,
                                 n: n, c: c, eps: 1e-12)
            }
        }
        blackHole(out)
        benchmark.measurement(megabytesPerSecond, Int(Double(2 * n * c * 4) / seconds / 1e6))
    }
}
