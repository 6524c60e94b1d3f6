/// A GGUF metadata value (every type of the GGUF v3 specification).
public indirect enum GGUFValue: Sendable, Equatable {
    case uint8(UInt8), int8(Int8), uint16(UInt16), int16(Int16), uint32(UInt32), int32(Int32)
    case uint64(UInt64), int64(Int64), float32(Float), float64(Double), bool(Bool), string(String)
    /// An array with its declared element type.
    case array(elementType: GGUFValueType, values: [GGUFValue])

    /// The value as an integer, when it is one (any width) and fits.
    public var integer: Int? {
        switch self {
        case .uint8(let v): Int(v)
        case .int8(let v): Int(v)
        case .uint16(let v): Int(v)
        case .int16(let v): Int(v)
        case .uint32(let v): Int(v)
        case .int32(let v): Int(v)
        case .uint64(let v): v <= UInt64(Int.max) ? Int(v) : nil
        case .int64(let v): Int(v)
        default: nil
        }
    }

    /// The value as a floating-point number, when it is any number.
    public var number: Double? {
        switch self {
        case .float32(let v): Double(v)
        case .float64(let v): v
        default: integer.map(Double.init)
        }
    }

    /// A short description for error messages.
    public var briefDescription: String {
        switch self {
        case .string(let s): s.count <= 40 ? "\"\(s)\"" : "a string of \(s.count) characters"
        case .array(let type, let values): "an array of \(values.count) \(type)"
        case .bool(let b): "\(b)"
        default: number.map { "\($0)" } ?? "\(self)"
        }
    }
}

/// GGUF metadata value type codes.
public enum GGUFValueType: UInt32, Sendable, CustomStringConvertible {
    case uint8 = 0, int8 = 1, uint16 = 2, int16 = 3, uint32 = 4, int32 = 5, float32 = 6, bool = 7, string = 8
    case array = 9, uint64 = 10, int64 = 11, float64 = 12

    /// The fewest bytes one value of this type occupies in a file.
    var minimumSize: Int {
        switch self {
        case .uint8, .int8, .bool: 1
        case .uint16, .int16: 2
        case .uint32, .int32, .float32: 4
        case .uint64, .int64, .float64, .string: 8
        case .array: 12
        }
    }

    public var description: String { "\(self == .float32 ? "FLOAT32" : String(describing: rawValue))" }
}
