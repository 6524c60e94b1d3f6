// Dequantisation of ggml blocks to Float, operation for operation as ggml's dequantize_row_* and the
// `gguf` Python package's quants.py compute them (so that the results are bit-identical).

/// An f16 stored little-endian at p.
@inline(__always)
func half(_ p: UnsafeRawPointer) -> Float {
    Float(Float16(bitPattern: UInt16(littleEndian: p.loadUnaligned(as: UInt16.self))))
}

/// Dequantises `blocks` blocks of `type` at `source` into `out` (blocks · blockSize floats).
func dequantize(_ type: GGMLType, source: UnsafeRawPointer, blocks: Int, out: UnsafeMutablePointer<Float>) {
    for block in 0..<blocks {
        let p = source + block * type.blockBytes
        let y = out + block * type.blockSize
        switch type {
        case .f32:
            y[0] = Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
        case .f16:
            y[0] = half(p)
        case .bf16:
            y[0] = Float(bitPattern: UInt32(UInt16(littleEndian: p.loadUnaligned(as: UInt16.self))) << 16)
        case .q4_0:
            let d = half(p), qs = p + 2
            for j in 0..<16 {
                let byte = qs.load(fromByteOffset: j, as: UInt8.self)
                y[j] = d * Float(Int(byte & 0x0F) - 8)
                y[j + 16] = d * Float(Int(byte >> 4) - 8)
            }
        case .q4_1:
            let d = half(p), m = half(p + 2), qs = p + 4
            for j in 0..<16 {
                let byte = qs.load(fromByteOffset: j, as: UInt8.self)
                y[j] = d * Float(byte & 0x0F) + m
                y[j + 16] = d * Float(byte >> 4) + m
            }
        case .q8_0:
            let d = half(p)
            for j in 0..<32 { y[j] = Float(p.load(fromByteOffset: 2 + j, as: Int8.self)) * d }
        case .q4_K, .q5_K:
            dequantizeQ4KOrQ5K(p, y, withHighBits: type == .q5_K)
        case .q6_K:
            dequantizeQ6K(p, y)
        }
    }
}

/// The 6-bit scale and min of sub-block j from the 12 packed bytes (ggml's get_scale_min_k4).
@inline(__always)
func scaleAndMin(_ j: Int, _ q: UnsafeRawPointer) -> (Float, Float) {
    func b(_ i: Int) -> UInt8 { q.load(fromByteOffset: i, as: UInt8.self) }
    if j < 4 { return (Float(b(j) & 63), Float(b(j + 4) & 63)) }
    return (Float((b(j + 4) & 0x0F) | ((b(j - 4) >> 6) << 4)), Float((b(j + 4) >> 4) | ((b(j) >> 6) << 4)))
}

/// Q4_K: {f16 d, f16 dmin, 12 scale bytes, 128 nibble bytes}; Q5_K adds 32 high-bit bytes before the nibbles.
func dequantizeQ4KOrQ5K(_ p: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>, withHighBits: Bool) {
    let d = half(p), dmin = half(p + 2), scales = p + 4
    let qh = p + 16
    let qs = withHighBits ? p + 48 : p + 16
    for group in 0..<4 {
        for half in 0..<2 {
            let sub = 2 * group + half
            let (scale, minimum) = scaleAndMin(sub, scales)
            let dl = d * scale, ml = dmin * minimum
            for l in 0..<32 {
                var q = (qs.load(fromByteOffset: 32 * group + l, as: UInt8.self) >> (4 * half)) & 0x0F
                if withHighBits { q |= ((qh.load(fromByteOffset: l, as: UInt8.self) >> sub) & 1) << 4 }
                y[32 * sub + l] = dl * Float(q) - ml
            }
        }
    }
}

/// Q6_K: {128 low-nibble bytes, 64 high-bit-pair bytes, 16 int8 scales, f16 d}.
func dequantizeQ6K(_ p: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
    let ql = p, qh = p + 128, scales = p + 192, d = half(p + 208)
    for chunk in 0..<2 {
        for l in 0..<32 {
            let low0 = ql.load(fromByteOffset: 64 * chunk + l, as: UInt8.self)
            let low1 = ql.load(fromByteOffset: 64 * chunk + 32 + l, as: UInt8.self)
            let high = qh.load(fromByteOffset: 32 * chunk + l, as: UInt8.self)
            let q = [Int(low0 & 0x0F) | Int((high >> 0) & 3) << 4, Int(low1 & 0x0F) | Int((high >> 2) & 3) << 4,
                     Int(low0 >> 4) | Int((high >> 4) & 3) << 4, Int(low1 >> 4) | Int((high >> 6) & 3) << 4]
            for k in 0..<4 {
                let index = 128 * chunk + 32 * k + l
                let scale = Float(scales.load(fromByteOffset: index / 16, as: Int8.self))
                y[index] = (d * scale) * Float(q[k] - 32)
            }
        }
    }
}
