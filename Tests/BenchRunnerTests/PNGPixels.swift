import CZlib
import Foundation

/// The pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's screenshots are), decoded
/// with zlib: enough to tell a rendered page from a blank one.
struct PNGPixels {
    let width: Int, height: Int
    /// RGB triples, row by row.
    let rgb: [UInt8]

    enum Failure: Error { case notPNG, unsupported(String), inflate(Int32) }

    init(contentsOf path: String) throws {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard data.count > 8, data.prefix(8) == [137, 80, 78, 71, 13, 10, 26, 10] else { throw Failure.notPNG }
        var offset = 8, width = 0, height = 0, channels = 0
        var compressed: [UInt8] = []
        func be32(_ at: Int) -> Int { Int(data[at]) << 24 | Int(data[at + 1]) << 16 | Int(data[at + 2]) << 8 | Int(data[at + 3]) }
        while offset + 8 <= data.count {
            let length = be32(offset), type = String(decoding: data[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let body = Array(data[(offset + 8)..<(offset + 8 + length)])
            switch type {
            case "IHDR":
                width = be32(offset + 8)
                height = be32(offset + 12)
                guard body[8] == 8, body[12] == 0 else { throw Failure.unsupported("bit depth \(body[8]), interlace \(body[12])") }
                switch body[9] {
                case 2: channels = 3
                case 6: channels = 4
                default: throw Failure.unsupported("colour type \(body[9])")
                }
            case "IDAT": compressed += body
            default: break
            }
            offset += 12 + length
        }
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: height * (stride + 1))
        var destinationLength = uLongf(raw.count)
        let status = uncompress(&raw, &destinationLength, compressed, uLong(compressed.count))
        guard status == Z_OK else { throw Failure.inflate(status) }
        var pixels = [UInt8](repeating: 0, count: height * stride)
        for row in 0..<height {
            let filter = raw[row * (stride + 1)]
            for i in 0..<stride {
                let x = raw[row * (stride + 1) + 1 + i]
                let a = i >= channels ? Int(pixels[row * stride + i - channels]) : 0
                let b = row > 0 ? Int(pixels[(row - 1) * stride + i]) : 0
                let c = (i >= channels && row > 0) ? Int(pixels[(row - 1) * stride + i - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw Failure.unsupported("filter \(filter)")
                }
                pixels[row * stride + i] = UInt8((Int(x) + predictor) & 0xFF)
            }
        }
        self.width = width
        self.height = height
        rgb = (0..<(width * height)).flatMap { p in pixels[(p * channels)..<(p * channels + 3)] }
    }

    /// The share of pixels that are not (near) white.
    var inkedFraction: Double {
        var inked = 0
        for p in 0..<(width * height) where Int(rgb[3 * p]) + Int(rgb[3 * p + 1]) + Int(rgb[3 * p + 2]) < 720 { inked += 1 }
        return Double(inked) / Double(max(width * height, 1))
    }

    /// Distinct colours (coarsened to 4 bits a channel).
    var colourCount: Int {
        var seen = Set<Int>()
        for p in 0..<(width * height) { seen.insert(Int(rgb[3 * p] >> 4) << 8 | Int(rgb[3 * p + 1] >> 4) << 4 | Int(rgb[3 * p + 2] >> 4)) }
        return seen.count
    }
}
