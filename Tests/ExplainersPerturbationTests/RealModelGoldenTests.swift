import AttriJSON
import ExplainerKit
import ExplainersPerturbation
import Foundation
import Metrics
import NumericTestKit
import Testing
import TransformerCore

/// The explainers on the golden classifier (all-MiniLM-L6-v2 + the seeded head of encoder_golden.py)
/// against shap and lime run with the same [MASK] masker (scripts/golden/perturbation_golden.py).
@Suite(.serialized) struct RealModelGoldenTests {
    static let home = ProcessInfo.processInfo.environment["ATTRIBENCH_HOME"]
        ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/attribench").path
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let model = Result { () throws -> BertModel in
        let folder = "\(home)/models/all-MiniLM-L6-v2"
        try #require(FileManager.default.fileExists(atPath: "\(folder)/model.safetensors"),
                     "the encoder model is missing at \(folder): run scripts/setup-models.sh")
        let head = try SafetensorsFile(path: here.appendingPathComponent("../TransformerCoreTests/Golden/encoder_head.safetensors").path)
        return try BertModel(folder: folder).replacingClassifier(weight: try head.tensor("classifier.weight"),
                                                                 bias: try head.tensor("classifier.bias"))
    }
    static let golden = Result { () throws -> JSONCursor in
        let path = here.appendingPathComponent("Golden/perturbation_golden.json").path
        return JSONCursor(try JSONParser.parse(contentsOf: path), source: JSONSource(name: path))
    }

    /// Model agreement with PyTorch: probabilities match to ~1e-6, so attributions (sums of differences of
    /// them) are compared at 2e-5 absolute.
    static let tolerance = 2e-5

    struct Case {
        let words: [String], target: Int, tree: [[Double]]
        let subject: EncoderSubject
        let json: JSONCursor
    }

    static func cases(_ key: String) throws -> [Case] {
        try golden.get().field(key).array().map { json in
            let words = try json.field("words").strings()
            let target = try json.field("target").integer()
            let tree = try json.field("tree").array().map { try $0.array().map { try $0.double() } }
            return Case(words: words, target: target, tree: tree,
                        subject: try EncoderSubject(model: model.get(), words: words, target: .classIndex(target)), json: json)
        }
    }

    static func doubles(_ cursor: JSONCursor) throws -> [Double] { try cursor.doubles() }

    @Test func theWordHierarchyIsShapsTextClustering() throws {
        for c in try Self.cases("exact") + Self.cases("ranked") {
            var pieces = [[String]](repeating: [], count: c.words.count)
            for (token, word) in zip(c.subject.tokens, c.subject.wordIDs) { if let word { pieces[word].append(token) } }
            let tree = PartitionTree(featureTokens: pieces)
            let expected = c.tree.map { PartitionTree.Node(left: Int($0[0]), right: Int($0[1]), distance: $0[2], size: Int($0[3])) }
            #expect(tree.nodes == expected, "\(c.words)")
        }
    }

    @Test func exactKernelShapAndPartitionShapMatchShapOnEveryCoalition() throws {
        for c in try Self.cases("exact") {
            let subject = ExplanationSubject.encoder(c.subject), m = c.words.count
            let ends = try c.subject.targetValues(keeping: [[Bool](repeating: false, count: m), [Bool](repeating: true, count: m)])
            assertClose(ends, [try c.json.field("base").double(), try c.json.field("full").double()], atol: 2e-6, "base and full value")

            let kernel = try subject.explain(with: KernelShapExplainer())
            #expect(kernel.cost.forwardPasses == 1 << m, "2^M − 2 coalitions + the two ends")
            assertClose(kernel.featureScores, try Self.doubles(c.json.field("kernel_shap")), atol: Self.tolerance, "kernel-shap \(c.words)")
            #expect(abs(kernel.diagnostics["efficiency_gap"]!) < 1e-5)

            var options = PartitionShapExplainer.Configuration()
            options.maximumEvaluations = 100_000
            let partition = try subject.explain(with: PartitionShapExplainer(configuration: options))
            #expect(partition.diagnostics["exact"] == 1)
            assertClose(partition.featureScores, try Self.doubles(c.json.field("partition_shap")), atol: Self.tolerance, "partition-shap \(c.words)")
        }
    }

    @Test func limeFitsLimesOwnSamplesAsLimeDoes() throws {
        for c in try Self.cases("exact") {
            let lime = try c.json.field("lime")
            let masks = try lime.field("masks").array().map { try $0.string().map { $0 == "1" } }
            let values = try c.subject.targetValues(keeping: masks).map(Double.init)
            let fit = LimeExplainer.fit(masks: masks, values: values, kernelWidth: 25, alpha: 1)
            assertClose(fit.coefficients, try Self.doubles(lime.field("coefficients")), atol: Self.tolerance, "lime \(c.words)")
            #expect(abs(fit.intercept - (try lime.field("intercept").double())) < Self.tolerance)
            #expect(abs(fit.score - (try lime.field("score").double())) < 1e-3)
        }
    }

    @Test func sampledExplanationsRankWordsAsTheLibrariesDo() throws {
        for c in try Self.cases("ranked") {
            let subject = ExplanationSubject.encoder(c.subject), m = c.words.count
            let kernel = try subject.explain(with: KernelShapExplainer())
            #expect(kernel.cost.forwardPasses == 2 * m + 2048 + 2)
            #expect(abs(kernel.diagnostics["efficiency_gap"]!) < 1e-5, "efficiency on a sampled real sentence")
            var limeOptions = LimeExplainer.Configuration()
            limeOptions.samples = 5000
            let lime = try subject.explain(with: LimeExplainer(configuration: limeOptions))
            let partition = try subject.explain(with: PartitionShapExplainer())
            #expect(partition.cost.forwardPasses <= 500)
            for (name, ours, theirs) in [("kernel-shap", kernel, "kernel_shap"), ("lime", lime, "lime"), ("partition-shap", partition, "partition_shap")] {
                let rho = RankCorrelation.spearmanRho(ours.featureScores.map(Double.init), try Self.doubles(c.json.field(theirs)))!
                #expect(rho >= 0.9, "\(name): Spearman \(rho) against the library on \(m) words")
            }
        }
    }
}
