import ExplainerKit
import Logging
import TensorCore

/// Training ExpNet: every non-special token of every example is one row (its attention features, and
/// whether its word is in the human rationale); Adam minimises the mean focal loss over batches of
/// `batchSize` rows drawn from a seeded shuffle each epoch, with seeded dropout masks. Everything
/// random comes from one `SeededRandom(seed)`, and every sum runs in a fixed order, so the same
/// examples and configuration give the same parameters bit for bit.
///
/// The caller chooses the examples; the paper (and the runner) keep only training inputs the
/// classifier gets right. An example whose rationale is empty still contributes negatives.
extension ExpNetExplainer {
    /// A copy trained on `examples` (one rationale value per word or source; inputs without features are passed over).
    public func trained(on examples: [RationaleExample]) throws -> ExpNetExplainer {
        try validate()
        var rows: [Double] = [], labels: [Bool] = []
        var width = 0
        var dataHash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) { for byte in bytes { dataHash = (dataHash ^ UInt64(byte)) &* 0x100_0000_01b3 } }
        for (index, example) in examples.enumerated() {
            try requireSupport(of: example.subject)
            let subject = example.subject
            guard example.rationale.count == subject.features.count else {
                throw ExplainerError.invalidConfiguration(
                    explainer: descriptor.id,
                    reason: "training example \(index) has \(example.rationale.count) rationale values for \(subject.features.count) features; give one per word (source)")
            }
            guard subject.tokenFeatures.contains(where: { $0 != nil }) else { continue }
            let features = try self.features(of: subject)
            let f = features.count / subject.tokens.count
            guard width == 0 || width == f else {
                throw ExplainerError.invalidConfiguration(explainer: descriptor.id,
                                                          reason: "training example \(index) gives \(f) features per token, earlier ones \(width); train on one kind of model with one number of heads")
            }
            width = f
            for (token, feature) in subject.tokenFeatures.enumerated() {
                guard let feature else { continue }
                rows += features[(token * f)..<((token + 1) * f)]
                labels.append(example.rationale[feature] != 0)
            }
            for token in subject.tokens { mix(token.utf8); mix([0]) }
            mix(example.rationale.map { $0 == 0 ? 0 : 1 })
            mix([0xff])
        }
        guard !labels.isEmpty else {
            throw ExplainerError.invalidConfiguration(explainer: descriptor.id,
                                                      reason: "no training tokens: give at least one training example with words")
        }
        let (model, loss) = fit(rows: rows, labels: labels, width: width)
        let provenance = ExpNetState.Provenance(examples: examples.count, tokens: labels.count, positiveTokens: labels.filter { $0 }.count,
                                                seed: configuration.seed, dataHash: String(format: "%016llx", dataHash), finalLoss: loss)
        Logger(label: "attribench.expnet").info("trained", metadata: [
            "examples": "\(examples.count)", "tokens": "\(labels.count)", "positive": "\(provenance.positiveTokens)",
            "final_loss": "\(loss)", "hash": "\(ExpNetState.hash(model.parameters))"])
        return ExpNetExplainer(configuration: configuration, state: ExpNetState(model: model, provenance: provenance))
    }

    /// The network fitted to `rows` (N,F) and `labels` (N), and the last epoch's mean loss.
    func fit(rows: [Double], labels: [Bool], width: Int) -> (ExpNetModel, Double) {
        let c = configuration, n = labels.count, h = c.hiddenSize
        var random = SeededRandom(seed: c.seed)
        var model = ExpNetModel(inputSize: width, hiddenSize: h, random: &random)
        var adam = AdamOptimizer(count: model.parameters.count, learningRate: c.learningRate)
        let loss = FocalLoss(alpha: c.focalAlpha, gamma: c.focalGamma)
        var order = Array(0..<n)
        var lastLoss = 0.0
        for _ in 0..<c.epochs {
            for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, random.nextInt(below: i + 1)) }
            var epochLoss = 0.0
            for start in stride(from: 0, to: n, by: c.batchSize) {
                let batch = order[start..<min(n, start + c.batchSize)]
                var inputs: [Double] = []
                inputs.reserveCapacity(batch.count * width)
                for row in batch { inputs += rows[(row * width)..<((row + 1) * width)] }
                let keep = 1 / (1 - c.dropout)
                let scale = (0..<(batch.count * h)).map { _ in random.nextDouble() < c.dropout ? 0 : keep }
                let activations = model.forward(inputs, dropoutScale: scale)
                var dLogits = [Double](repeating: 0, count: batch.count)
                for (k, row) in batch.enumerated() {
                    epochLoss += loss.value(logit: activations.logits[k], positive: labels[row])
                    dLogits[k] = loss.gradient(logit: activations.logits[k], positive: labels[row]) / Double(batch.count)
                }
                adam.update(&model.parameters, gradient: model.backward(activations, dLogits: dLogits))
            }
            lastLoss = epochLoss / Double(n)
        }
        return (model, lastLoss)
    }

    /// Throws for options that cannot train.
    func validate() throws {
        let c = configuration
        func bad(_ reason: String) -> ExplainerError { .invalidConfiguration(explainer: descriptor.id, reason: reason) }
        guard c.hiddenSize >= 1 else { throw bad("\"hidden_size\" is \(c.hiddenSize); give at least 1") }
        guard (0..<1).contains(c.dropout) else { throw bad("\"dropout\" is \(c.dropout); give a rate in [0, 1)") }
        guard (0...1).contains(c.focalAlpha), c.focalGamma >= 0 else { throw bad("focal α must be in [0, 1] and γ ≥ 0 (got \(c.focalAlpha), \(c.focalGamma))") }
        guard c.learningRate > 0, c.epochs >= 1, c.batchSize >= 1 else {
            throw bad("\"learning_rate\" must be > 0, \"epochs\" and \"batch_size\" ≥ 1 (got \(c.learningRate), \(c.epochs), \(c.batchSize))")
        }
    }
}
