import ExplainerKit
import ExplainersPerturbation
import Foundation
import TransformerCore

// The Swift side of the perturbation-explainer comparison (benchmarks/run-perturbation.sh runs it
// beside benchmarks/python/perturbation_libs.py): seconds per explanation of lime, kernel-shap and
// partition-shap on the golden classifier (all-MiniLM-L6-v2 + the seeded head of encoder_golden.py),
// [MASK] removal, the target class's probability. One JSON object per (method, sentence):
//   {"peer": "attribench", "method": ..., "sentence": i, "words": M, "forward_passes": ..., "seconds": ...}

let arguments = CommandLine.arguments
guard arguments.count >= 4 else {
    FileHandle.standardError.write(Data("usage: PerturbationSpeed MODEL_DIR HEAD.safetensors SENTENCES.json [--batch-rows N]\n".utf8))
    exit(2)
}
let rows = arguments.firstIndex(of: "--batch-rows").flatMap { Int(arguments[$0 + 1]) } ?? 64
let head = try SafetensorsFile(path: arguments[2])
let model = try BertModel(folder: arguments[1]).replacingClassifier(weight: try head.tensor("classifier.weight"),
                                                                    bias: try head.tensor("classifier.bias"))
let sentences = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: arguments[3]))) as! [[String]]

let explainers: [(String, any Explainer)] = [
    ("lime", LimeExplainer()),
    ("kernel-shap", KernelShapExplainer()),
    ("partition-shap", PartitionShapExplainer()),
]
for (index, words) in sentences.enumerated() {
    let subject = ExplanationSubject.encoder(try EncoderSubject(model: model, words: words, maximumBatchRows: rows))
    for (name, explainer) in explainers {
        let attribution = try subject.explain(with: explainer)
        let line: [String: Any] = ["peer": "attribench", "method": name, "sentence": index, "words": words.count,
                                   "forward_passes": attribution.cost.forwardPasses, "seconds": attribution.cost.seconds]
        print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: .sortedKeys), as: UTF8.self))
    }
}
