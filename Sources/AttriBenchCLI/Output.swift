import AttriJSON
import Foundation
import TensorCore

/// Writes command results: JSON to standard output through AttriJSON.
enum Output {
    /// Prints `value` as one line of compact JSON.
    static func json(_ value: JSONValue) {
        FileHandle.standardOutput.write(Data((JSONWriter.string(value) + "\n").utf8))
    }

    /// Prints human-readable text.
    static func text(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// The values of `tensor` (dropping a leading batch of 1) as nested JSON arrays.
    static func nested(_ values: ArraySlice<Float>, shape: [Int]) -> JSONValue {
        guard let first = shape.first else { return JSONValue(values.first ?? 0) }
        if shape.count == 1 { return .array(values.map(JSONValue.init)) }
        let stride = shape.dropFirst().reduce(1, *)
        return .array((0..<first).map { i in
            let start = values.startIndex + i * stride
            return nested(values[start..<(start + stride)], shape: Array(shape.dropFirst()))
        })
    }
}

extension Array where Element == Int {
    /// A JSON array of integers.
    var json: JSONValue { .array(map(JSONValue.init)) }
}
