/// Bounds-checked little-endian reads over a mapped file: every read checks that the bytes exist
/// before touching them, and says what it was reading when they do not.
struct GGUFByteReader {
    let bytes: UnsafeRawBufferPointer
    let path: String
    var offset = 0

    var remaining: Int { bytes.count - offset }

    func corrupt(_ reason: String) -> TransformerCoreError {
        .corruptFile(path: path, reason: "at byte \(offset): \(reason)")
    }

    mutating func read<T: FixedWidthInteger>(_ type: T.Type, _ what: @autoclosure () -> String) throws -> T {
        guard remaining >= MemoryLayout<T>.size else {
            throw corrupt("the file ends while reading \(what()) (truncated?)")
        }
        let value = T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        offset += MemoryLayout<T>.size
        return value
    }

    /// A count that must describe at least `minimumBytesEach` bytes per item still in the file.
    mutating func count(_ what: @autoclosure () -> String, minimumBytesEach: Int) throws -> Int {
        let raw = try read(UInt64.self, what())
        guard raw <= UInt64(remaining / max(1, minimumBytesEach)) else {
            throw corrupt("\(what()) is \(raw), more than the \(remaining) bytes left in the file can hold")
        }
        return Int(raw)
    }

    mutating func string(_ what: @autoclosure () -> String) throws -> String {
        let length = try count("the length of \(what())", minimumBytesEach: 1)
        let start = offset
        offset += length
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)]), as: UTF8.self)
    }

    mutating func value(of type: GGUFValueType, _ what: String, depth: Int = 0) throws -> GGUFValue {
        switch type {
        case .uint8: return .uint8(try read(UInt8.self, what))
        case .int8: return .int8(try read(Int8.self, what))
        case .uint16: return .uint16(try read(UInt16.self, what))
        case .int16: return .int16(try read(Int16.self, what))
        case .uint32: return .uint32(try read(UInt32.self, what))
        case .int32: return .int32(try read(Int32.self, what))
        case .uint64: return .uint64(try read(UInt64.self, what))
        case .int64: return .int64(try read(Int64.self, what))
        case .float32: return .float32(Float(bitPattern: try read(UInt32.self, what)))
        case .float64: return .float64(Double(bitPattern: try read(UInt64.self, what)))
        case .bool:
            let byte = try read(UInt8.self, what)
            guard byte <= 1 else { throw corrupt("\(what) is a bool with byte value \(byte)") }
            return .bool(byte == 1)
        case .string: return .string(try string(what))
        case .array:
            guard depth < 4 else { throw corrupt("\(what) nests arrays more than 4 deep") }
            let code = try read(UInt32.self, "the element type of \(what)")
            guard let elementType = GGUFValueType(rawValue: code) else {
                throw corrupt("\(what) has unknown array element type \(code)")
            }
            let n = try count("the element count of \(what)", minimumBytesEach: elementType.minimumSize)
            var values: [GGUFValue] = []
            values.reserveCapacity(n)
            for i in 0..<n { values.append(try value(of: elementType, "\(what)[\(i)]", depth: depth + 1)) }
            return .array(elementType: elementType, values: values)
        }
    }
}
