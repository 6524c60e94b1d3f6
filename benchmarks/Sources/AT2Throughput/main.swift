import ExplainerKit
import ExplainersLearned
import Foundation
import TensorCore
import TransformerCore

// The Swift side of the AT2 comparison (benchmarks/run-at2.sh runs it beside benchmarks/python/at2_torch.py):
// a 16-token prefix, a 200-token context in 10 sources, a 20-token response.
//   forward_with_attentions: one forward pass of prompt + response keeping every layer's response rows
//   at2_inference: AT2's explanation (that pass, the features, θ · features), the same input
//   training_data: AT2's training data for the input (32 ablations + the attention pass), in masks/s

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: AT2Throughput FILE.gguf\n".utf8))
    exit(2)
}
let model = try LlamaModel(path: arguments[1])

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

func perCall(_ seconds: Double = 3, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var calls = 0
    let start = ContinuousClock.now
    repeat {
        try body()
        calls += 1
    } while (ContinuousClock.now - start).seconds < seconds || calls < 3
    return (ContinuousClock.now - start).seconds / Double(calls)
}

func report(_ fields: String) {
    FileHandle.standardOutput.write(Data("{\"peer\": \"attribench\", \(fields)}\n".utf8))
}

var random = SeededRandom(seed: 0)
let tokens = { (count: Int) in (0..<count).map { _ in Int32(100 + random.nextInt(below: 39_900)) } }
let prefix = tokens(16), context = tokens(200), response = tokens(20)
let ablation = AblationContext(prefix: prefix, sources: (0..<10).map { Array(context[($0 * 20)..<($0 * 20 + 20)]) },
                               suffix: [], response: response)
let decoder = try DecoderSubject(model: model, context: ablation, sources: (0..<10).map { "source \($0)" }, response: "r")
let subject = ExplanationSubject.decoder(decoder)
let layers = Array(0..<model.config.layers)
let features = model.config.layers * model.config.heads
let data = AT2TrainingData(examples: [AT2Objective.Example(features: (0..<(4 * features)).map { Double($0 % 7) }, outputs: [1, 3, 2, 5])])
let at2 = try AT2Explainer().fitted(to: data, layers: model.config.layers, heads: model.config.heads, description: "benchmark")

let forward = try perCall { _ = try decoder.responseAttentions(layers: layers) }
report("\"case\": \"forward_with_attentions\", \"seconds\": \(forward)")
let inference = try perCall { _ = try subject.explain(with: at2) }
report("\"case\": \"at2_inference\", \"seconds\": \(inference), \"forward_over_inference\": \(forward / inference)")
let generation = try perCall(6) { _ = try AT2TrainingData.generate([subject], ablations: 32, keepProbability: 0.5, seed: 0) }
report("\"case\": \"training_data\", \"masks\": 32, \"masks_per_second\": \(32 / generation)")
