/// Evaluates a list of keep-masks with each distinct mask evaluated once, in first-seen order, and
/// the values handed back in the caller's order.
///
/// The models are deterministic, so a repeated mask would give the same value: the repeat is skipped
/// and the forward passes recorded are the ones actually run. Random ablation draws repeat often on
/// few features: LIME's 1,000 samples meet at most 64 coalitions of a six-word sentence, ContextCite's
/// 256 ablations at most 16 of a four-sentence context.
func evaluatingDistinct<Value>(_ masks: [[Bool]], _ evaluate: ([[Bool]]) throws -> [Value]) rethrows -> [Value] {
    var slotOfMask: [[Bool]: Int] = [:]
    var distinct: [[Bool]] = []
    let slots = masks.map { mask in
        if let slot = slotOfMask[mask] { return slot }
        slotOfMask[mask] = distinct.count
        distinct.append(mask)
        return distinct.count - 1
    }
    guard distinct.count < masks.count else { return try evaluate(masks) }
    let values = try evaluate(distinct)
    return slots.map { values[$0] }
}
