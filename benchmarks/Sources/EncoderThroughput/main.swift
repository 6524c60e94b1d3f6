import Foundation
import TensorCore
import TransformerCore

// The Swift side of the encoder throughput comparison (benchmarks/run-encoder.sh runs it beside
// benchmarks/python/encoder_torch.py). Prints one JSON object per case, as the Python peer does:
//   {"peer": "attribench", "case": ..., "batch": B, "tokens": T, "examples_per_second": ..., "gflops": ..., "peak_rss_mb": ...}
// plus the sgemm peak measured in the same run at a large square size.

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: EncoderThroughput MODEL_DIR [--seconds S]\n".utf8))
    exit(2)
}
let seconds = arguments.firstIndex(of: "--seconds").flatMap { Double(arguments[$0 + 1]) } ?? 2.0
/// `--only forward:32:64` runs that one case (for profiling); default: every case.
let only = arguments.firstIndex(of: "--only").map { arguments[$0 + 1] }
func selected(_ kind: String, _ batch: Int, _ tokens: Int) -> Bool { only == nil || only == "\(kind):\(batch):\(tokens)" }
let base = try BertModel(folder: arguments[1])
var random = SeededRandom(seed: 0)
let c = base.config.hiddenSize
let model = base.replacingClassifier(
    weight: Tensor(shape: [2, c], values: (0..<(2 * c)).map { _ in Float(random.nextGaussian()) * 0.05 }),
    bias: Tensor(shape: [2], repeating: 0))

/// Wall seconds per call of `body`, after one warm-up call, over at least `seconds` and 3 calls.
func timePerCall(_ body: () throws -> Void) rethrows -> Double {
    try body()
    var calls = 0
    let clock = ContinuousClock()
    let start = clock.now
    var elapsed = 0.0
    repeat {
        try body()
        calls += 1
        let d = clock.now - start
        elapsed = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    } while elapsed < seconds || calls < 3
    return elapsed / Double(calls)
}

func peakResidentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}

/// GEMM FLOPs of one example of T tokens as AttriBench computes it: the forward pass, or forward plus
/// the backward pass to the input embeddings (no weight gradients: each projection's backward costs its
/// forward once more, the attention products' backward twice their forward). The last layer carries only
/// the [CLS] row past its attention (the logits read nothing else), so its output projection and
/// feed-forward block count once, not T times.
func gemmFlops(tokens t: Int, backward: Bool = false) -> Double {
    let cfg = model.config
    let c = Double(cfg.hiddenSize), i = Double(cfg.intermediateSize), t = Double(t)
    let qkv = 2 * t * c * 3 * c, attention = 2 * 2 * t * t * c
    let afterAttention = 2 * c * c + 2 * 2 * c * i   // per row
    let layers = Double(cfg.numHiddenLayers)
    let projections = layers * qkv + (layers - 1) * t * afterAttention + afterAttention
    let attentionProducts = layers * attention
    return backward ? 2 * projections + 3 * attentionProducts : projections + attentionProducts
}

func ids(batch: Int, tokens: Int) -> BertBatch {
    var r = SeededRandom(seed: UInt64(batch * 1000 + tokens))
    let rows = (0..<batch).map { _ in [Int32(101)] + (0..<(tokens - 2)).map { _ in Int32(1000 + r.nextInt(below: 29_000)) } + [Int32(102)] }
    return BertBatch(sequences: rows, padID: 0)
}

func report(_ kind: String, batch: Int, tokens: Int, perCall: Double, flops: Double) {
    let line = "{\"peer\": \"attribench\", \"case\": \"\(kind)\", \"batch\": \(batch), \"tokens\": \(tokens), "
        + "\"examples_per_second\": \(Double(batch) / perCall), \"gflops\": \(flops / perCall / 1e9), "
        + "\"peak_rss_mb\": \(peakResidentMegabytes())}"
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

// sgemm peak in this run: a large square product.
if only == nil {
    let n = 1536
    let a = [Float](repeating: 0.5, count: n * n), b = [Float](repeating: 0.25, count: n * n)
    var out = [Float](repeating: 0, count: n * n)
    let perCall = timePerCall {
        out.withUnsafeMutableBufferPointer { o in
            gemm(transposeA: false, transposeB: true, m: n, n: n, k: n, a: a, lda: n, b: b, ldb: n, c: o.baseAddress!, ldc: n)
        }
    }
    let line = "{\"peer\": \"attribench\", \"case\": \"sgemm_peak\", \"size\": \(n), "
        + "\"gflops\": \(2 * Double(n * n * n) / perCall / 1e9), \"threads\": \(ComputeThreads.count)}"
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

for (batch, tokens) in [(1, 16), (1, 64), (32, 64), (1, 512)] where selected("forward", batch, tokens) {
    let input = ids(batch: batch, tokens: tokens)
    let perCall = try timePerCall { _ = try model.forward(input, options: BertForwardOptions(attentions: true)) }
    report("forward", batch: batch, tokens: tokens, perCall: perCall, flops: Double(batch) * gemmFlops(tokens: tokens))
}
for (batch, tokens) in [(1, 64), (50, 64)] where selected("forward_backward", batch, tokens) {
    var input = ids(batch: batch, tokens: tokens)
    input.wordEmbeddings = input.ids.flatMap { id in model.weights.wordEmbeddings.storage[(Int(id) * c)..<(Int(id) * c + c)] }
    var dLogits = [Float](repeating: 0, count: batch * 2)
    for b in 0..<batch { dLogits[b * 2 + 1] = 1 }
    let perCall = try timePerCall {
        let output = try model.forward(input, options: BertForwardOptions(attentions: true, forBackward: true))
        _ = try model.backward(output.activations!, dLogits: dLogits)
    }
    report("forward_backward", batch: batch, tokens: tokens, perCall: perCall, flops: Double(batch) * gemmFlops(tokens: tokens, backward: true))
}
