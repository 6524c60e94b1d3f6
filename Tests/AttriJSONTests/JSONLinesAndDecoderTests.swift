import Foundation
import Testing
@testable import AttriJSON

@Suite struct JSONLinesTests {
    func temporaryFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("attrijson-\(UUID()).jsonl").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func streamsRecordsWithLineNumbers() throws {
        let path = try temporaryFile("{\"a\": 1}\n\n{\"a\": 2}\r\n{\"a\": 3}")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let values = try JSONLines.records(inFile: path) { try $0.field("a").integer() }
        #expect(values == [1, 2, 3])
        var lines: [Int?] = []
        try JSONLines.forEachRecord(inFile: path) { lines.append($0.source.line) }
        #expect(lines == [1, 3, 4])
    }

    @Test func badLineInTheMiddleIsNamed() throws {
        let path = try temporaryFile("{\"a\": 1}\n{\"a\": 2\n{\"a\": 3}\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let name = URL(fileURLWithPath: path).lastPathComponent
        #expect {
            try JSONLines.records(inFile: path) { try $0.field("a").integer() }
        } throws: { error in
            "\(error)" == "\(name):2 (column 8): invalid JSON: the input ends inside a value (truncated?); fix the file or regenerate it"
        }
    }

    @Test func missingFileIsNamed() {
        #expect {
            try JSONLines.records(inFile: "/nonexistent/x.jsonl") { $0 }
        } throws: { error in
            "\(error)" == "/nonexistent/x.jsonl: cannot open the file: No such file or directory"
        }
    }
}

@Suite struct JSONValueDecoderTests {
    struct Config: Decodable, Equatable {
        var hiddenSize: Int
        var layerNormEps: Double
        var hiddenAct: String
        var id2label: [String: String]?
        var dropout: Float = 0.1

        enum CodingKeys: String, CodingKey { case hiddenSize, layerNormEps, hiddenAct, id2label, dropout }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
            layerNormEps = try c.decode(Double.self, forKey: .layerNormEps)
            hiddenAct = try c.decode(String.self, forKey: .hiddenAct)
            id2label = try c.decodeIfPresent([String: String].self, forKey: .id2label)
            dropout = try c.decodeIfPresent(Float.self, forKey: .dropout) ?? 0.1
        }
    }

    @Test func decodesSnakeCaseWithDefaults() throws {
        let text = #"{"hidden_size": 384, "layer_norm_eps": 1e-12, "hidden_act": "gelu", "id2label": {"0": "NEG", "1": "POS"}}"#
        let config = try JSONValueDecoder().decode(Config.self, from: text)
        #expect(config.hiddenSize == 384 && config.layerNormEps == 1e-12 && config.hiddenAct == "gelu")
        #expect(config.id2label == ["0": "NEG", "1": "POS"])
        #expect(config.dropout == 0.1)
    }

    @Test func unknownKeyIsAnErrorInStrictMode() throws {
        let text = #"{"hidden_size": 384, "layer_norm_eps": 1e-12, "hidden_act": "gelu", "hiden_layers": 6}"#
        #expect {
            try JSONValueDecoder().decode(Config.self, from: text, source: JSONSource(name: "config.json"))
        } throws: { error in
            "\(error)" == #"config.json: unknown key "hiden_layers"; known keys: dropout, hidden_act, hidden_size, id2label, layer_norm_eps"#
        }
        let lenient = JSONValueDecoder(rejectUnknownKeys: false)
        #expect(try lenient.decode(Config.self, from: text).hiddenSize == 384)
    }

    @Test func wrongTypeAndMissingKeyNameThePath() throws {
        #expect {
            try JSONValueDecoder().decode(Config.self, from: #"{"hidden_size": "big", "layer_norm_eps": 1, "hidden_act": "gelu"}"#,
                                          source: JSONSource(name: "config.json"))
        } throws: { error in
            "\(error)" == #"config.json: "hidden_size" must be an integer, found "big""#
        }
        #expect {
            try JSONValueDecoder().decode(Config.self, from: #"{"hidden_size": 3, "hidden_act": "gelu"}"#,
                                          source: JSONSource(name: "config.json"))
        } throws: { error in
            "\(error)" == #"config.json: the top-level object has no "layer_norm_eps"; add it"#
        }
    }

    @Test func synthesizedCodableAndArrays() throws {
        struct Suite: Decodable, Equatable {
            struct Task: Decodable, Equatable { let name: String; let examples: Int }
            let tasks: [Task]
            let seeds: [UInt64]
        }
        let suite = try JSONValueDecoder().decode(Suite.self, from: #"{"tasks": [{"name": "sst2", "examples": 5}], "seeds": [1, 2]}"#)
        #expect(suite == Suite(tasks: [.init(name: "sst2", examples: 5)], seeds: [1, 2]))
        #expect {
            try JSONValueDecoder().decode(Suite.self, from: #"{"tasks": [{"name": "sst2", "examples": 5, "x": 1}], "seeds": []}"#,
                                          source: JSONSource(name: "suite.json"))
        } throws: { error in
            "\(error)" == #"suite.json: unknown key "x" in "tasks[0]"; known keys: examples, name"#
        }
    }

    @Test func snakeCaseMapping() {
        #expect(JSONValueDecoder.snakeCase("numHiddenLayers") == "num_hidden_layers")
        #expect(JSONValueDecoder.snakeCase("id2label") == "id2label")
        #expect(JSONValueDecoder.snakeCase("maxPositionEmbeddings") == "max_position_embeddings")
        #expect(JSONValueDecoder.snakeCase("urlPath") == "url_path")
    }
}
