import Foundation

/// Binary focal loss (Lin et al. 2017, "Focal Loss for Dense Object Detection", eq. 5) on a logit,
/// the loss ExpNet (arXiv 2601.14112) trains with, so the few rationale tokens are not drowned by the
/// many others:
///
///     p = σ(z),  p_t = p if y = 1 else 1 − p,  α_t = α if y = 1 else 1 − α,
///     FL(z, y) = −α_t (1 − p_t)^γ log p_t
///
/// With γ = 0 and α = 0.5 it is half the binary cross-entropy. Computed from the logit (log p_t =
/// −softplus(−s z), s = ±1) so that it stays finite for confident predictions.
public struct FocalLoss: Sendable, Equatable, Codable {
    /// Weight of the positive class (1 − α for the negative one).
    public var alpha: Double
    /// Focusing parameter: how much confidently right tokens are down-weighted.
    public var gamma: Double

    /// A focal loss with `alpha` and `gamma` (Lin et al.'s defaults: 0.25 and 2).
    public init(alpha: Double = 0.25, gamma: Double = 2) {
        self.alpha = alpha
        self.gamma = gamma
    }

    /// The loss of one logit `z` for label `positive`.
    public func value(logit z: Double, positive: Bool) -> Double {
        let s: Double = positive ? 1 : -1
        let alphaT = positive ? alpha : 1 - alpha
        let logPT = -Self.softplus(-s * z)
        let oneMinusPT = Self.sigmoid(-s * z)
        return -alphaT * pow(oneMinusPT, gamma) * logPT
    }

    /// ∂ loss / ∂ z: α_t s (1 − p_t)^γ (γ p_t log p_t − (1 − p_t)).
    public func gradient(logit z: Double, positive: Bool) -> Double {
        let s: Double = positive ? 1 : -1
        let alphaT = positive ? alpha : 1 - alpha
        let pT = Self.sigmoid(s * z), oneMinusPT = Self.sigmoid(-s * z)
        let logPT = -Self.softplus(-s * z)
        return alphaT * s * pow(oneMinusPT, gamma) * (gamma * pT * logPT - oneMinusPT)
    }

    /// log(1 + eˣ) without overflow.
    static func softplus(_ x: Double) -> Double {
        x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
    }

    /// 1 / (1 + e⁻ˣ) without overflow.
    static func sigmoid(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }
}
