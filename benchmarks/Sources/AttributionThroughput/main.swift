import ExplainerKit
import ExplainersAttention
import ExplainersGradient
import Foundation
import TransformerCore

// The Swift side of the attribution throughput comparison (benchmarks/run-attribution.sh runs it beside
// benchmarks/python/attribution_captum.py). Explains the first N SST-2 dev sentences one at a time with
// each explainer on the golden classifier and prints one JSON object per case:
//   {"peer": "attribench", "case": ..., "examples": N, "examples_per_second": ...}
// "forward" is a bare forward pass per sentence (logits only): the attention family's yardstick.
// Subjects (tokenisation and the predicted class) are built before timing, as the Python peer computes
// its targets before timing.

let arguments = CommandLine.arguments
guard arguments.count >= 4 else {
    FileHandle.standardError.write(Data("usage: AttributionThroughput MODEL_DIR HEAD.safetensors SST2_DEV.jsonl [--examples N]\n".utf8))
    exit(2)
}
let count = arguments.firstIndex(of: "--examples").flatMap { Int(arguments[$0 + 1]) } ?? 32
let head = try SafetensorsFile(path: arguments[2])
let model = try BertModel(folder: arguments[1]).replacingClassifier(weight: try head.tensor("classifier.weight"),
                                                                    bias: try head.tensor("classifier.bias"))
let lines = try String(contentsOfFile: arguments[3], encoding: .utf8).split(separator: "\n").prefix(count)
let sentences: [[String]] = try lines.map { line in
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    guard let tokens = object?["tokens"] as? [String] else {
        throw NSError(domain: "AttributionThroughput", code: 2, userInfo: [NSLocalizedDescriptionKey: "\(arguments[3]): a line has no \"tokens\" list"])
    }
    return tokens
}
let subjects = try sentences.map { ExplanationSubject.encoder(try EncoderSubject(model: model, words: $0)) }

func seconds(_ body: () throws -> Void) rethrows -> Double {
    try body()   // warm-up on the whole set
    let clock = ContinuousClock(), start = clock.now
    try body()
    let d = clock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

func report(_ name: String, _ elapsed: Double) {
    let line = "{\"peer\": \"attribench\", \"case\": \"\(name)\", \"examples\": \(subjects.count), \"examples_per_second\": \(Double(subjects.count) / elapsed)}"
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

report("forward", try seconds {
    for case .encoder(let encoder) in subjects {
        _ = try model.forward(BertBatch(sequences: [encoder.ids], padID: model.tokenizer.padID))
    }
})
let explainers: [any Explainer] = [
    RawAttentionExplainer(), AttentionRolloutExplainer(), AttentionFlowExplainer(), GradAttentionExplainer(),
    SaliencyExplainer(), GradientXInputExplainer(), IntegratedGradientsExplainer(),
]
for explainer in explainers {
    report(explainer.id, try seconds { for subject in subjects { _ = try subject.explain(with: explainer) } })
}
