import Datasets
import Foundation
import TensorCore
import Training
import TransformerCore

// The Swift side of the fine-tuning throughput comparison (benchmarks/run-training.sh runs it beside
// scripts/reference/finetune_torch.py --max-steps): the SST-2 setting (all-MiniLM-L6-v2, batch 32,
// max length 128, dropout 0.1, AdamW with clipping), the first STEPS batches of the same
// length-bucketed plan both trainers use. Prints one JSON object:
//   {"peer": "attribench", "steps": N, "examples_per_second": ..., "gflops": ..., "peak_rss_mb": ...}
// Timing starts after the first step (warm-up), as in the Python peer.

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: TrainingThroughput MODEL_DIR DATA_DIR [--steps N]\n".utf8))
    exit(2)
}
let steps = arguments.firstIndex(of: "--steps").flatMap { Int(arguments[$0 + 1]) } ?? 20
let base = try BertModel(folder: arguments[1])
let data = try DataDirectory(path: arguments[2])
let (examples, _) = try DatasetLoader.load(task: .sst2, split: "train", dataDirectory: data)
var tokenizer = base.tokenizer
tokenizer.maximumLength = 128
let rows = examples.map { tokenizer.encode(words: $0.words).ids }
let labels = examples.map(\.label)
var settings = FineTuneSettings(maxLength: 128)
let plan = LengthBuckets.plan(lengths: rows.map(\.count), batchSize: settings.batchSize, seed: settings.seed, epoch: 0)
var parameters = BertParameterSet(weights: base.weights, numLabels: 2, seed: 0)
var optimizer = AdamW(settings: settings.optimizer, parameters: parameters, totalSteps: plan.count)

/// GEMM FLOPs of forward + backward (3× forward) for a padded batch of B rows of T tokens.
func trainingFlops(b: Int, t: Int) -> Double {
    let cfg = base.config
    let c = Double(cfg.hiddenSize), i = Double(cfg.intermediateSize), n = Double(b * t), tt = Double(t)
    let perLayer = 2 * n * c * 3 * c + 2 * 2 * n * tt * c + 2 * n * c * c + 2 * 2 * n * c * i
    return 3 * perLayer * Double(cfg.numHiddenLayers)
}

func peakResidentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}

let clock = ContinuousClock()
var start = clock.now
var examplesTimed = 0, flops = 0.0
for (k, indices) in plan.prefix(steps + 1).enumerated() {
    if k == 1 { start = clock.now }
    let batch = TrainingBatch(rows: indices.map { rows[$0] }, labels: indices.map { labels[$0] }, padID: tokenizer.padID)
    var gradients = parameters.zeros()
    _ = BertTraining.lossAndGradients(parameters, batch: batch, dropout: settings.dropout, seed: UInt64(k), gradients: &gradients)
    optimizer.update(&parameters, gradients: gradients)
    if k >= 1 {
        examplesTimed += batch.batchSize
        flops += trainingFlops(b: batch.batchSize, t: batch.length)
    }
}
let d = clock.now - start
let elapsed = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
print("{\"peer\": \"attribench\", \"steps\": \(steps), \"examples_per_second\": \(Double(examplesTimed) / elapsed), "
      + "\"gflops\": \(flops / elapsed / 1e9), \"threads\": \(ComputeThreads.count), \"peak_rss_mb\": \(peakResidentMegabytes())}")
