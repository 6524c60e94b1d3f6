import Datasets
import ExplainerKit
import ExplainersAttention
import ExplainersLearned
import Foundation
import TensorCore
import TransformerCore

// ExpNet inference against raw attention, examples/s on the same SST-2 dev sentences and the same
// classifier (all-MiniLM-L6-v2 with a seeded random head: speed does not depend on the weights).
// ExpNet is one forward pass with attentions plus a tiny MLP; the target is ≥ 90% of raw-attention.
// Rounds alternate the two explainers so that load from other processes hits both alike.
// Prints one JSON object per explainer and one with the ratio.  Run: bash benchmarks/run-explainers.sh

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: ExplainerThroughput MODEL_DIR [--examples N] [--rounds R]\n".utf8))
    exit(2)
}
func option(_ name: String, _ fallback: Int) -> Int {
    arguments.firstIndex(of: name).flatMap { Int(arguments[$0 + 1]) } ?? fallback
}
let count = option("--examples", 64), rounds = option("--rounds", 5)
let base = try BertModel(folder: arguments[1])
var random = SeededRandom(seed: 0)
let c = base.config.hiddenSize
let model = base.replacingClassifier(
    weight: Tensor(shape: [2, c], values: (0..<(2 * c)).map { _ in Float(random.nextGaussian()) * 0.05 }),
    bias: Tensor(shape: [2], repeating: 0))
let data = try DataDirectory.resolve()
let sst2 = try TaskCatalog.builtIn.task(id: "sst2")
let dev = try DatasetLoader.load(task: sst2, split: "dev", dataDirectory: data).0.prefix(count)
let subjects = try dev.map { ExplanationSubject.encoder(try EncoderSubject(model: model, words: $0.words)) }
let train = try DatasetLoader.load(task: sst2, split: "train", dataDirectory: data).0.prefix(32)
var configuration = ExpNetExplainer.Configuration()
configuration.epochs = 1
let expnet = try ExpNetExplainer(configuration: configuration).trained(on: train.map {
    RationaleExample(subject: .encoder(try EncoderSubject(model: model, words: $0.words)), rationale: $0.rationale ?? [])
})
let explainers: [(String, any Explainer)] = [("raw-attention", RawAttentionExplainer()), ("expnet", expnet)]

var seconds = [String: Double]()
for (_, explainer) in explainers { for subject in subjects.prefix(4) { _ = try subject.explain(with: explainer) } }   // warm-up
let clock = ContinuousClock()
for _ in 0..<rounds {
    for (name, explainer) in explainers {
        let start = clock.now
        for subject in subjects { _ = try subject.explain(with: explainer) }
        let d = clock.now - start
        seconds[name, default: 0] += Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
let total = Double(subjects.count * rounds)
let tokens = subjects.map { $0.tokens.count }.reduce(0, +) / subjects.count
for (name, _) in explainers {
    print("{\"explainer\": \"\(name)\", \"examples\": \(subjects.count), \"rounds\": \(rounds), \"mean_tokens\": \(tokens), "
        + "\"threads\": \(ComputeThreads.count), \"examples_per_second\": \(total / seconds[name]!)}")
}
let ratio = seconds["raw-attention"]! / seconds["expnet"]!
print("{\"ratio_expnet_over_raw_attention\": \(ratio), \"target\": 0.9, \"met\": \(ratio >= 0.9)}")
