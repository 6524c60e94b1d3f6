import Foundation
import Testing
@testable import AttriJSON

/// `JSONValueEncoder`: the Codable writer over json-c that replaces Foundation's JSONEncoder.
@Suite struct JSONValueEncoderTests {
    struct Inner: Codable, Equatable {
        var learningRate: Double
        var weights: [Float]
    }

    struct Record: Codable, Equatable {
        var formatVersion: Int
        var name: String
        var seed: UInt64
        var enabled: Bool
        var note: String?
        var inner: Inner
        var labels: [String: String]
        var nested: [[Int]]
    }

    static let record = Record(formatVersion: 1, name: "at2 \"quoted\" / ünïcode", seed: 42, enabled: true, note: nil,
                               inner: Inner(learningRate: 5e-5, weights: [0.1, -2.5, 3e-8, 1]),
                               labels: ["1": "toxic", "0": "non-toxic", "What Is It?": "a key kept as written"],
                               nested: [[1, 2], [], [3]])

    @Test func writesSnakeCaseKeysAndKeepsDictionaryKeys() throws {
        let text = JSONWriter.string(try JSONValueEncoder().encode(Self.record), sortKeys: true)
        #expect(text == #"{"enabled":true,"format_version":1,"inner":{"learning_rate":5e-05,"weights":[0.1,-2.5,3e-08,1.0]},"labels":{"0":"non-toxic","1":"toxic","What Is It?":"a key kept as written"},"name":"at2 \"quoted\" / ünïcode","nested":[[1,2],[],[3]],"seed":42}"#)
    }

    @Test func roundTripsThroughTheDecoder() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("encoder-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try JSONValueEncoder().write(Self.record, toFile: path)
        #expect(try JSONValueDecoder().decode(Record.self, fromFile: path) == Self.record)
        // The same value gives the same bytes (dictionary keys do not follow hashing order).
        let first = try String(contentsOfFile: path, encoding: .utf8)
        try JSONValueEncoder().write(Self.record, toFile: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == first)
    }

    @Test func defaultKeysFollowExplicitCodingKeys() throws {
        struct Explicit: Codable { var batchSize = 32; enum CodingKeys: String, CodingKey { case batchSize = "batch_size" } }
        struct Plain: Codable { var batchSize = 32 }
        #expect(JSONWriter.string(try JSONValueEncoder(keyStrategy: .useDefaultKeys).encode(Explicit())) == #"{"batch_size":32}"#)
        #expect(JSONWriter.string(try JSONValueEncoder(keyStrategy: .useDefaultKeys).encode(Plain())) == #"{"batchSize":32}"#)
    }

    @Test func nonFiniteNumbersAreNamedErrors() throws {
        let bad = Inner(learningRate: .nan, weights: [])
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(bad) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("encoder-\(UUID()).json").path
        #expect {
            try JSONValueEncoder().write(Inner(learningRate: 1, weights: [1, .infinity]), toFile: path)
        } throws: { error in
            "\(error)".contains("weights.1") && "\(error)".contains("non-finite")
        }
        #expect(!FileManager.default.fileExists(atPath: path), "nothing is written when encoding fails")
    }

    @Test func integersBeyondInt64AreRefused() {
        struct Big: Codable { var seed: UInt64 }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(Big(seed: .max)) }
        #expect((try? JSONValueEncoder().encode(Big(seed: UInt64(Int64.max)))) == .object(JSONObject([("seed", .integer(.max))])))
    }
}
