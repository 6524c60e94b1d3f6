import AttriJSON
import TensorCore
import Foundation

/// A safetensors file (HF's format): an 8-byte little-endian header length, a JSON header naming each
/// tensor's dtype, shape and byte range, then the data — memory-mapped, converted to Float on demand.
///
/// Strict: the header length, every tensor's dtype, shape (element count with overflow checks) and
/// data_offsets are validated against the file size before anything is read; ranges must be in bounds
/// and must not overlap. A damaged or hostile file gives a `TransformerCoreError` naming the file,
/// tensor and field, never a crash or a huge allocation.
public final class SafetensorsFile: @unchecked Sendable {
    /// One tensor's header entry.
    public struct Entry: Sendable, Equatable {
        /// The element type.
        public let dtype: DType
        /// The dimensions.
        public let shape: [Int]
        /// Byte range inside the data section.
        public let dataRange: Range<Int>
        /// The number of elements.
        public var elementCount: Int { shape.reduce(1, *) }
    }

    /// Element types: the float types convert to Float; the integer ones are recognised so that known
    /// non-weight buffers (e.g. `embeddings.position_ids`, I64) are not errors.
    public enum DType: String, Sendable {
        case f32 = "F32", f16 = "F16", bf16 = "BF16", f64 = "F64"
        case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .f64, .i64: 8
            case .f32, .i32: 4
            case .f16, .bf16, .i16: 2
            case .i8, .u8, .bool: 1
            }
        }

        /// Whether the type converts to Float.
        public var isFloatingPoint: Bool { [.f32, .f16, .bf16, .f64].contains(self) }
    }

    /// The largest header accepted (the format's own limit is 100 MB).
    public static let maximumHeaderBytes = 100_000_000

    /// The file's path.
    public let path: String
    /// Tensor entries by name.
    public let entries: [String: Entry]
    /// The `__metadata__` strings, if any.
    public let metadata: [String: String]
    private let file: MappedFile
    private let dataStart: Int

    /// Opens and validates the file at `path`.
    public init(path: String) throws {
        self.path = path
        file = try MappedFile(path: path)
        let size = file.bytes.count
        guard size >= 8 else { throw TransformerCoreError.corruptFile(path: path, reason: "shorter than the 8-byte header length") }
        let headerLength = file.littleEndian(UInt64.self, at: 0)
        guard headerLength <= UInt64(Self.maximumHeaderBytes), Int(headerLength) <= size - 8 else {
            throw TransformerCoreError.corruptFile(
                path: path, reason: "header length \(headerLength) exceeds the file size \(size) or the 100 MB limit")
        }
        dataStart = 8 + Int(headerLength)
        var headerBytes = [UInt8](UnsafeRawBufferPointer(rebasing: file.bytes[8..<dataStart]))
        while let last = headerBytes.last, last == 0x20 { headerBytes.removeLast() }
        let header: JSONCursor
        do {
            let source = JSONSource(name: path)
            header = JSONCursor(try JSONParser.parse(bytes: &headerBytes, source: source), source: source)
        } catch {
            throw TransformerCoreError.corruptFile(path: path, reason: "the header is not valid JSON (\(error))")
        }
        guard case .object(let object) = header.value else {
            throw TransformerCoreError.corruptFile(path: path, reason: "the header is not a JSON object")
        }
        (entries, metadata) = try Self.parseEntries(object, path: path, dataSize: size - dataStart)
    }

    private static func parseEntries(_ object: JSONObject, path: String,
                                     dataSize: Int) throws -> ([String: Entry], [String: String]) {
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in object.pairs {
            if name == "__metadata__" {
                guard case .object(let meta) = value else {
                    throw TransformerCoreError.corruptFile(path: path, reason: "\"__metadata__\" is not an object")
                }
                for (key, v) in meta.pairs {
                    guard case .string(let s) = v else {
                        throw TransformerCoreError.corruptFile(path: path, reason: "metadata \"\(key)\" is not a string")
                    }
                    metadata[key] = s
                }
                continue
            }
            entries[name] = try parseEntry(name: name, value: value, path: path, dataSize: dataSize)
        }
        let sorted = entries.sorted { $0.value.dataRange.lowerBound < $1.value.dataRange.lowerBound }
        for (previous, next) in zip(sorted, sorted.dropFirst())
        where next.value.dataRange.lowerBound < previous.value.dataRange.upperBound {
            throw TransformerCoreError.corruptFile(
                path: path, reason: "tensors \"\(previous.key)\" and \"\(next.key)\" overlap in the data section")
        }
        return (entries, metadata)
    }

    private static func parseEntry(name: String, value: JSONValue, path: String, dataSize: Int) throws -> Entry {
        func corrupt(_ reason: String) -> TransformerCoreError {
            .corruptFile(path: path, reason: "tensor \"\(name)\": \(reason)")
        }
        guard case .object(let fields) = value else { throw corrupt("its header entry is not an object") }
        guard case .string(let dtypeName)? = fields["dtype"] else { throw corrupt("\"dtype\" is missing or not a string") }
        guard let dtype = DType(rawValue: dtypeName) else {
            throw corrupt("unsupported dtype \"\(dtypeName)\" (supported: F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL)")
        }
        guard case .array(let dims)? = fields["shape"] else { throw corrupt("\"shape\" is missing or not an array") }
        var shape: [Int] = []
        var elements = 1
        for dim in dims {
            guard case .integer(let d) = dim, d >= 0, d <= Int64(Int32.max) else {
                throw corrupt("shape \(dims.map(\.briefDescription)) has an invalid dimension")
            }
            let (product, overflow) = elements.multipliedReportingOverflow(by: Int(d))
            guard !overflow else { throw corrupt("shape \(dims.map(\.briefDescription)) overflows") }
            shape.append(Int(d))
            elements = product
        }
        guard case .array(let offsets)? = fields["data_offsets"], offsets.count == 2,
              case .integer(let begin) = offsets[0], case .integer(let end) = offsets[1] else {
            throw corrupt("\"data_offsets\" must be two integers")
        }
        guard begin >= 0, end >= begin, end <= Int64(dataSize) else {
            throw corrupt("data_offsets [\(begin), \(end)] fall outside the data section of \(dataSize) bytes")
        }
        let (bytes, overflow) = elements.multipliedReportingOverflow(by: dtype.size)
        guard !overflow, bytes == Int(end - begin) else {
            throw corrupt("shape \(shape) of \(dtypeName) needs \(overflow ? "too many" : String(bytes)) bytes, data_offsets give \(end - begin)")
        }
        return Entry(dtype: dtype, shape: shape, dataRange: Int(begin)..<Int(end))
    }

    /// The names of all tensors, sorted.
    public var tensorNames: [String] { entries.keys.sorted() }

    /// The tensor `name` converted to Float, as a `Tensor` of its shape.
    public func tensor(_ name: String) throws -> Tensor {
        guard let entry = entries[name] else { throw TransformerCoreError.missingTensor(path: path, name: name) }
        guard entry.dtype.isFloatingPoint else {
            throw TransformerCoreError.corruptFile(path: path, reason: "tensor \"\(name)\" has dtype \(entry.dtype.rawValue), not a float type")
        }
        let base = file.bytes.baseAddress! + dataStart + entry.dataRange.lowerBound
        var values = [Float](repeating: 0, count: entry.elementCount)
        values.withUnsafeMutableBufferPointer { out in
            for i in 0..<out.count {
                switch entry.dtype {
                case .f32: out[i] = Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                case .f16: out[i] = Float(Float16(bitPattern: UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))))
                case .bf16: out[i] = Float(bitPattern: UInt32(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) << 16)
                case .f64: out[i] = Float(Double(bitPattern: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
                default: out[i] = 0
                }
            }
        }
        return Tensor(shape: entry.shape, values: values)
    }
}
