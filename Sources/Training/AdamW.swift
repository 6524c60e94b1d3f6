import TensorCore

/// AdamW with a linear warm-up and linear decay of the learning rate and clipping of the global
/// gradient norm: the optimizer of HF's `Trainer` (torch.optim.AdamW, get_linear_schedule_with_warmup,
/// clip_grad_norm_). Weight decay applies only where `BertParameterSet.decays` says so.
public struct AdamW: Sendable, Equatable {
    /// The optimizer settings.
    public struct Settings: Sendable, Equatable, Codable {
        /// The peak learning rate. Default 5e-5.
        public var learningRate: Float = 5e-5
        /// Decoupled weight decay on weight matrices and embeddings. Default 0.01.
        public var weightDecay: Float = 0.01
        /// Moment decay rates. Defaults 0.9 and 0.999.
        public var beta1: Float = 0.9, beta2: Float = 0.999
        /// Added to the root of the second moment. Default 1e-8.
        public var epsilon: Float = 1e-8
        /// The global gradient norm is clipped to this (0 disables clipping). Default 1.0.
        public var maxGradientNorm: Float = 1.0
        /// The fraction of all steps spent warming up linearly from 0. Default 0.1.
        public var warmupFraction: Double = 0.1

        /// Settings; every default is HF Trainer's, except the 10% warm-up.
        public init(learningRate: Float = 5e-5, weightDecay: Float = 0.01, maxGradientNorm: Float = 1.0,
                    warmupFraction: Double = 0.1) {
            self.learningRate = learningRate
            self.weightDecay = weightDecay
            self.maxGradientNorm = maxGradientNorm
            self.warmupFraction = warmupFraction
        }

        enum CodingKeys: String, CodingKey {
            case learningRate = "learning_rate", weightDecay = "weight_decay", beta1, beta2, epsilon
            case maxGradientNorm = "max_grad_norm", warmupFraction = "warmup_fraction"
        }
    }

    /// The settings.
    public let settings: Settings
    /// The number of optimizer steps the schedule spans.
    public let totalSteps: Int
    /// First and second moments, in the parameters' layout.
    public var firstMoment: BertParameterSet, secondMoment: BertParameterSet
    /// Steps taken so far.
    public var step: Int

    /// A fresh optimizer for `parameters` over `totalSteps` steps.
    public init(settings: Settings, parameters: BertParameterSet, totalSteps: Int) {
        self.settings = settings
        self.totalSteps = totalSteps
        self.firstMoment = parameters.zeros()
        self.secondMoment = parameters.zeros()
        self.step = 0
    }

    /// The number of warm-up steps: ⌈warmupFraction · totalSteps⌉.
    public var warmupSteps: Int { Int((settings.warmupFraction * Double(totalSteps)).rounded(.up)) }

    /// The learning rate of the step that follows `completed` steps: linear from 0 to the peak over
    /// the warm-up, then linear to 0 at `totalSteps` (HF's get_linear_schedule_with_warmup).
    public func learningRate(afterSteps completed: Int) -> Float {
        let warmup = warmupSteps
        let factor: Double = completed < warmup
            ? Double(completed) / Double(max(1, warmup))
            : max(0, Double(totalSteps - completed) / Double(max(1, totalSteps - warmup)))
        return Float(Double(settings.learningRate) * factor)
    }

    /// The global L2 norm of `gradients`.
    public static func globalNorm(_ gradients: BertParameterSet) -> Double {
        gradients.values.reduce(0) { $0 + sumOfSquares($1, count: $1.count) }.squareRoot()
    }

    /// Clips the gradients to `maxGradientNorm` (as clip_grad_norm_, scale = max/(norm + 1e-6) when
    /// the norm exceeds it), then takes one AdamW step. Returns the norm before clipping.
    @discardableResult
    public mutating func update(_ parameters: inout BertParameterSet, gradients: BertParameterSet) -> Double {
        let norm = Self.globalNorm(gradients)
        let maxNorm = Double(settings.maxGradientNorm)
        let scale: Float = maxNorm > 0 && norm > maxNorm ? Float(maxNorm / (norm + 1e-6)) : 1
        let rate = learningRate(afterSteps: step)
        step += 1
        let decays = parameters.decays
        for i in parameters.values.indices {
            let count = parameters.values[i].count
            adamWStep(parameters: &parameters.values[i], gradients: gradients.values[i],
                      firstMoment: &firstMoment.values[i], secondMoment: &secondMoment.values[i],
                      count: count, learningRate: rate, beta1: settings.beta1,
                      beta2: settings.beta2, epsilon: settings.epsilon,
                      weightDecay: decays[i] ? settings.weightDecay : 0, step: step, gradientScale: scale)
        }
        return norm
    }
}
