import Foundation
import TensorCore
import TransformerCore

// The Swift side of the decoder throughput comparison (benchmarks/run-decoder.sh runs it beside
// benchmarks/python/decoder_torch.py), with the same cases and JSON lines.

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: DecoderThroughput FILE.gguf\n".utf8))
    exit(2)
}
let loadStart = ContinuousClock.now
let model = try LlamaModel(path: arguments[1])
let loadSeconds = (ContinuousClock.now - loadStart).seconds

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

func perCall(_ seconds: Double = 2, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var calls = 0
    let start = ContinuousClock.now
    repeat {
        try body()
        calls += 1
    } while (ContinuousClock.now - start).seconds < seconds || calls < 3
    return (ContinuousClock.now - start).seconds / Double(calls)
}

func peakResidentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}

func report(_ fields: String) {
    FileHandle.standardOutput.write(Data("{\"peer\": \"attribench\", \(fields), \"peak_rss_mb\": \(peakResidentMegabytes())}\n".utf8))
}

var random = SeededRandom(seed: 0)
let prompt = (0..<256).map { _ in Int32(100 + random.nextInt(below: 39_900)) }
report("\"case\": \"load\", \"seconds\": \(loadSeconds)")
let layers = Array(0..<model.config.layers)
var seconds = try perCall {
    var cache = KVCache(config: model.config)
    _ = try model.forward(prompt, cache: &cache, attentionLayers: layers, attentionQueries: Array(0..<256))
}
report("\"case\": \"prompt_with_attentions\", \"tokens\": 256, \"tokens_per_second\": \(256 / seconds)")
seconds = try perCall {
    var cache = KVCache(config: model.config)
    _ = try model.forward(prompt, cache: &cache, logProbPositions: [255])
}
report("\"case\": \"prompt_without_attentions\", \"tokens\": 256, \"tokens_per_second\": \(256 / seconds)")
seconds = try perCall(4) {
    _ = try model.generate(prompt: Array(prompt.prefix(32)), maxTokens: 32, stopTokens: [])
}
report("\"case\": \"generation\", \"prompt_tokens\": 32, \"new_tokens\": 32, \"tokens_per_second\": \(32 / seconds)")
let context = (0..<200).map { _ in Int32(100 + random.nextInt(below: 39_900)) }
let response = (0..<20).map { _ in Int32(100 + random.nextInt(below: 39_900)) }
let ablation = AblationContext(prefix: [], sources: (0..<10).map { Array(context[($0 * 20)..<($0 * 20 + 20)]) },
                               suffix: [], response: response)
let masks = (0..<64).map { _ in (0..<10).map { _ in random.nextDouble() < 0.5 } }.map { $0.contains(true) ? $0 : [true] + $0.dropFirst() }
seconds = try perCall(4) { _ = try model.responseLogProbabilities(ablation, masks: masks) }
report("\"case\": \"ablation\", \"masks\": 64, \"context_tokens\": 200, \"response_tokens\": 20, \"masks_per_second\": \(64 / seconds)")
