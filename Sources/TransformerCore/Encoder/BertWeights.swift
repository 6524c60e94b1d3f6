import TensorCore

/// The weights of one encoder layer, with Q, K and V fused into one (3C, C) matrix for a single GEMM.
public struct BertLayerWeights: Sendable {
    /// Query, key and value weights stacked: rows 0..<C query, C..<2C key, 2C..<3C value. (3C,C)
    public var qkvWeight: Tensor
    /// Query, key and value biases stacked. (3C)
    public var qkvBias: Tensor
    /// Attention output projection (C,C) and bias (C).
    public var attentionOutputWeight: Tensor, attentionOutputBias: Tensor
    /// Layer norm after attention (C), (C).
    public var attentionNormWeight: Tensor, attentionNormBias: Tensor
    /// Feed-forward up projection (I,C) and bias (I).
    public var intermediateWeight: Tensor, intermediateBias: Tensor
    /// Feed-forward down projection (C,I) and bias (C).
    public var outputWeight: Tensor, outputBias: Tensor
    /// Layer norm after the feed-forward block (C), (C).
    public var outputNormWeight: Tensor, outputNormBias: Tensor
}

/// All weights of a BERT encoder, with the optional pooler and classifier head.
public struct BertWeights: Sendable {
    /// The architecture.
    public var config: BertConfig
    /// Word (V,C), position (P,C) and token-type (TV,C) embeddings.
    public var wordEmbeddings: Tensor, positionEmbeddings: Tensor, tokenTypeEmbeddings: Tensor
    /// Layer norm of the summed embeddings (C), (C).
    public var embeddingNormWeight: Tensor, embeddingNormBias: Tensor
    /// The encoder layers.
    public var layers: [BertLayerWeights]
    /// The pooler dense layer on [CLS] (C,C), (C), when the checkpoint has one.
    public var pooler: (weight: Tensor, bias: Tensor)?
    /// The classification head (L,C), (L), when the checkpoint has one.
    public var classifier: (weight: Tensor, bias: Tensor)?

    /// The number of classes, or nil for a bare encoder.
    public var numLabels: Int? { classifier?.bias.count }

    /// Loads the weights named by HF conventions from `file`, strictly: every parameter the config
    /// implies must be present with its shape; any other tensor is an error unless it is a known buffer.
    /// The pooler and the classifier are optional, each as a pair of weight and bias.
    public static func load(from file: SafetensorsFile, config: BertConfig) throws -> BertWeights {
        var byParameter: [BertParameter: String] = [:]
        for name in file.tensorNames {
            if BertParameter.knownBuffers.contains(name) { continue }
            guard let parameter = BertParameter.from(checkpointName: name) else {
                throw TransformerCoreError.unexpectedTensor(path: file.path, name: name)
            }
            if case .layer(let index, _) = parameter, index >= config.numHiddenLayers {
                throw TransformerCoreError.unexpectedTensor(path: file.path, name: name)
            }
            byParameter[parameter] = name
        }
        let numLabels = file.entries[byParameter[.classifierBias] ?? ""]?.shape.first ?? 0

        func load(_ parameter: BertParameter) throws -> Tensor {
            guard let name = byParameter[parameter] else {
                throw TransformerCoreError.missingTensor(path: file.path, name: parameter.checkpointName)
            }
            let expected = parameter.expectedShape(config, numLabels: numLabels)
            let found = file.entries[name]!.shape
            guard found == expected else {
                throw TransformerCoreError.wrongShape(path: file.path, name: name, expected: expected, found: found)
            }
            return try file.tensor(name)
        }
        func optionalPair(_ weight: BertParameter, _ bias: BertParameter) throws -> (Tensor, Tensor)? {
            switch (byParameter[weight], byParameter[bias]) {
            case (nil, nil): return nil
            case (_?, _?): return (try load(weight), try load(bias))
            case (nil, _?): throw TransformerCoreError.missingTensor(path: file.path, name: weight.checkpointName)
            case (_?, nil): throw TransformerCoreError.missingTensor(path: file.path, name: bias.checkpointName)
            }
        }

        let layers = try (0..<config.numHiddenLayers).map { i -> BertLayerWeights in
            func p(_ parameter: BertLayerParameter) throws -> Tensor { try load(.layer(i, parameter)) }
            return BertLayerWeights(
                qkvWeight: Tensor(shape: [3 * config.hiddenSize, config.hiddenSize],
                                  values: try p(.queryWeight).storage + p(.keyWeight).storage + p(.valueWeight).storage),
                qkvBias: Tensor(shape: [3 * config.hiddenSize],
                                values: try p(.queryBias).storage + p(.keyBias).storage + p(.valueBias).storage),
                attentionOutputWeight: try p(.attentionOutputWeight), attentionOutputBias: try p(.attentionOutputBias),
                attentionNormWeight: try p(.attentionNormWeight), attentionNormBias: try p(.attentionNormBias),
                intermediateWeight: try p(.intermediateWeight), intermediateBias: try p(.intermediateBias),
                outputWeight: try p(.outputWeight), outputBias: try p(.outputBias),
                outputNormWeight: try p(.outputNormWeight), outputNormBias: try p(.outputNormBias))
        }
        return BertWeights(
            config: config,
            wordEmbeddings: try load(.wordEmbeddings), positionEmbeddings: try load(.positionEmbeddings),
            tokenTypeEmbeddings: try load(.tokenTypeEmbeddings),
            embeddingNormWeight: try load(.embeddingNormWeight), embeddingNormBias: try load(.embeddingNormBias),
            layers: layers,
            pooler: try optionalPair(.poolerWeight, .poolerBias).map { (weight: $0.0, bias: $0.1) },
            classifier: try optionalPair(.classifierWeight, .classifierBias).map { (weight: $0.0, bias: $0.1) })
    }
}
