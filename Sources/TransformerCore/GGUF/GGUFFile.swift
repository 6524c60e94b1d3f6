import Foundation
import TensorCore

/// One tensor's entry in a GGUF file.
public struct GGUFTensorInfo: Sendable, Equatable {
    /// The tensor's name.
    public let name: String
    /// ggml dimensions, innermost first (ne[0] is the row length).
    public let dimensions: [Int]
    /// The element type.
    public let type: GGMLType
    /// Byte offset inside the data section.
    public let offset: Int
    /// Elements in all.
    public let elementCount: Int
    /// Bytes in the data section.
    public let byteCount: Int

    /// The shape in PyTorch order (outermost first): a (out, in) weight has ggml dims [in, out].
    public var shape: [Int] { dimensions.reversed() }
}

/// A GGUF v2/v3 file (llama.cpp's format): header, metadata, tensor infos and memory-mapped data.
///
/// Strict and bounds-checked: every count, string length, array element type, dimension (and their
/// product, with overflow checks), tensor type, offset and the alignment is validated against the
/// file size before anything is allocated or read. A truncated or hostile file gives a
/// `TransformerCoreError` naming the byte offset and what was being read.
public final class GGUFFile: @unchecked Sendable {
    /// The file's path.
    public let path: String
    /// The format version (2 or 3).
    public let version: UInt32
    /// Metadata by key, and the keys in file order.
    public let metadata: [String: GGUFValue]
    public let metadataKeys: [String]
    /// Tensor infos by name, and the names in file order.
    public let tensors: [String: GGUFTensorInfo]
    public let tensorNames: [String]
    /// The data alignment (general.alignment, default 32).
    public let alignment: Int
    private let file: MappedFile
    private let dataStart: Int

    /// The most dimensions a ggml tensor has.
    public static let maximumDimensions = 4

    /// Opens and validates the file at `path`.
    public init(path: String) throws {
        self.path = path
        file = try MappedFile(path: path)
        var reader = GGUFByteReader(bytes: file.bytes, path: path)
        let magic = try reader.read(UInt32.self, "the magic number")
        guard magic == 0x4655_4747 else { throw reader.corrupt("not a GGUF file (magic \(String(magic, radix: 16)))") }
        version = try reader.read(UInt32.self, "the version")
        guard version == 2 || version == 3 else { throw reader.corrupt("unsupported GGUF version \(version) (2 and 3 are read)") }
        // A tensor info takes at least 8 (name) + 4 (dims) + 4 (type) + 8 (offset) bytes; a key/value 8 + 4 + 1.
        let tensorCount = try reader.count("the tensor count", minimumBytesEach: 24)
        let keyCount = try reader.count("the metadata key count", minimumBytesEach: 13)
        var metadata: [String: GGUFValue] = [:], keys: [String] = []
        for index in 0..<keyCount {
            let key = try reader.string("metadata key #\(index)")
            let code = try reader.read(UInt32.self, "the value type of \"\(key)\"")
            guard let type = GGUFValueType(rawValue: code) else { throw reader.corrupt("\"\(key)\" has unknown value type \(code)") }
            guard metadata[key] == nil else { throw reader.corrupt("metadata key \"\(key)\" appears twice") }
            metadata[key] = try reader.value(of: type, "\"\(key)\"")
            keys.append(key)
        }
        let alignment = metadata["general.alignment"]?.integer ?? 32
        guard alignment > 0, alignment <= 1 << 20, alignment & (alignment - 1) == 0 else {
            throw TransformerCoreError.corruptFile(path: path, reason: "general.alignment \(alignment) is not a power of two up to 1 MiB")
        }
        var infos: [(String, [Int], GGMLType, Int)] = []
        for index in 0..<tensorCount {
            let name = try reader.string("the name of tensor #\(index)")
            let dimensionCount = try reader.read(UInt32.self, "the dimension count of \"\(name)\"")
            guard (1...UInt32(Self.maximumDimensions)).contains(dimensionCount) else {
                throw reader.corrupt("tensor \"\(name)\" has \(dimensionCount) dimensions (1 to \(Self.maximumDimensions) allowed)")
            }
            var dimensions: [Int] = []
            for d in 0..<Int(dimensionCount) {
                let value = try reader.read(UInt64.self, "dimension \(d) of \"\(name)\"")
                guard value > 0, value <= UInt64(Int32.max) else { throw reader.corrupt("tensor \"\(name)\" has dimension \(value)") }
                dimensions.append(Int(value))
            }
            let code = try reader.read(UInt32.self, "the type of \"\(name)\"")
            guard let type = GGMLType(rawValue: code) else {
                throw reader.corrupt("tensor \"\(name)\" has ggml type \(code), not one of \(GGMLType.allCases.map(\.name).joined(separator: ", "))")
            }
            let offset = try reader.read(UInt64.self, "the offset of \"\(name)\"")
            guard offset <= UInt64(file.bytes.count) else { throw reader.corrupt("tensor \"\(name)\" has offset \(offset) beyond the file") }
            infos.append((name, dimensions, type, Int(offset)))
        }
        self.alignment = alignment
        let start = (reader.offset + alignment - 1) / alignment * alignment
        guard start <= file.bytes.count else {
            throw TransformerCoreError.corruptFile(path: path, reason: "the data section would start at \(start), past the end of the file")
        }
        dataStart = start
        var tensors: [String: GGUFTensorInfo] = [:]
        for (name, dimensions, type, offset) in infos {
            tensors[name] = try Self.validate(name: name, dimensions: dimensions, type: type, offset: offset,
                                              alignment: alignment, dataSize: file.bytes.count - start, path: path)
            guard tensors.count == tensors.keys.count else { continue }
        }
        guard tensors.count == infos.count else {
            throw TransformerCoreError.corruptFile(path: path, reason: "a tensor name appears twice")
        }
        self.metadata = metadata
        metadataKeys = keys
        self.tensors = tensors
        tensorNames = infos.map(\.0)
    }

    private static func validate(name: String, dimensions: [Int], type: GGMLType, offset: Int, alignment: Int,
                                 dataSize: Int, path: String) throws -> GGUFTensorInfo {
        func corrupt(_ reason: String) -> TransformerCoreError { .corruptFile(path: path, reason: "tensor \"\(name)\": \(reason)") }
        var elements = 1
        for d in dimensions {
            let (product, overflow) = elements.multipliedReportingOverflow(by: d)
            guard !overflow, product <= Int(Int32.max) * 16 else { throw corrupt("dimensions \(dimensions) overflow") }
            elements = product
        }
        guard dimensions[0] % type.blockSize == 0 else {
            throw corrupt("row length \(dimensions[0]) is not a multiple of the \(type.name) block size \(type.blockSize)")
        }
        let bytes = elements / type.blockSize * type.blockBytes
        guard offset % alignment == 0 else { throw corrupt("offset \(offset) is not aligned to \(alignment)") }
        guard offset <= dataSize, bytes <= dataSize - offset else {
            throw corrupt("its \(bytes) bytes at offset \(offset) run past the data section of \(dataSize) bytes")
        }
        return GGUFTensorInfo(name: name, dimensions: dimensions, type: type, offset: offset, elementCount: elements, byteCount: bytes)
    }

    /// The tensor `name` dequantised to Float, in PyTorch shape order.
    public func tensor(_ name: String) throws -> Tensor {
        guard let info = tensors[name] else { throw TransformerCoreError.missingTensor(path: path, name: name) }
        var values = [Float](repeating: 0, count: info.elementCount)
        values.withUnsafeMutableBufferPointer { out in
            dequantize(info.type, source: file.bytes.baseAddress! + dataStart + info.offset,
                       blocks: info.elementCount / info.type.blockSize, out: out.baseAddress!)
        }
        return Tensor(shape: info.shape, values: values)
    }

    /// The raw bytes of tensor `name` (for tests against other readers).
    public func rawBytes(_ name: String) throws -> [UInt8] {
        guard let info = tensors[name] else { throw TransformerCoreError.missingTensor(path: path, name: name) }
        return Array(UnsafeRawBufferPointer(rebasing: file.bytes[(dataStart + info.offset)..<(dataStart + info.offset + info.byteCount)]))
    }

    // MARK: - Typed metadata

    /// A required integer value.
    public func integer(_ key: String) throws -> Int {
        guard let value = metadata[key] else {
            throw TransformerCoreError.invalidConfig(path: path, field: key, reason: "is missing from the GGUF metadata")
        }
        guard let integer = value.integer else {
            throw TransformerCoreError.invalidConfig(path: path, field: key, reason: "must be an integer, found \(value.briefDescription)")
        }
        return integer
    }

    /// A required number.
    public func number(_ key: String) throws -> Double {
        guard let value = metadata[key] else {
            throw TransformerCoreError.invalidConfig(path: path, field: key, reason: "is missing from the GGUF metadata")
        }
        guard let number = value.number else {
            throw TransformerCoreError.invalidConfig(path: path, field: key, reason: "must be a number, found \(value.briefDescription)")
        }
        return number
    }

    /// A required string.
    public func string(_ key: String) throws -> String {
        guard case .string(let s)? = metadata[key] else {
            throw TransformerCoreError.invalidConfig(path: path, field: key,
                                                     reason: "must be a string, found \(metadata[key]?.briefDescription ?? "nothing")")
        }
        return s
    }
}
