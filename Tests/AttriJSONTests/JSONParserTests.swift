import Testing
@testable import AttriJSON

@Suite struct JSONParserTests {
    @Test func parsesEveryKindInOrder() throws {
        let value = try JSONParser.parse(#"{"b": [1, 2.5, "x", true, null], "a": {"z": -3, "y": 1e-7}}"#)
        guard case .object(let object) = value else { Issue.record("not an object"); return }
        #expect(object.keys == ["b", "a"])
        #expect(object["b"] == .array([.integer(1), .double(2.5), .string("x"), .bool(true), .null]))
        #expect(object["a"] == .object(JSONObject([("z", .integer(-3)), ("y", .double(1e-7))])))
    }

    /// Each malformed input and the exact message it gives.
    @Test(arguments: [
        (#"{"a": [1, 2"#, #"in.json:1:12: invalid JSON: the input ends inside a value (truncated?); fix the file or regenerate it"#),
        (#"[1, 2,]"#, #"in.json:1:7: invalid JSON: unexpected character; fix the file or regenerate it"#),
        (#"{"a": 1} x"#, #"in.json:1:10: invalid JSON: unexpected character; fix the file or regenerate it"#),
        ("", #"in.json:1:1: invalid JSON: the input is empty; fix the file or regenerate it"#),
        ("  \n ", #"in.json:1:1: invalid JSON: the input is empty; fix the file or regenerate it"#),
        (#"{"a": NaN}"#, #"in.json: "a" is a number outside the supported range (integers must fit in 64 bits, numbers must be finite)"#),
        (#"[Infinity]"#, #"in.json: "[0]" is a number outside the supported range (integers must fit in 64 bits, numbers must be finite)"#),
        (#"{"n": 123456789012345678901234567890}"#, #"in.json: "n" is a number outside the supported range (integers must fit in 64 bits, numbers must be finite)"#),
        (#"{"n": -123456789012345678901234567890}"#, #"in.json: "n" is a number outside the supported range (integers must fit in 64 bits, numbers must be finite)"#),
        (#"{"n": 1e400}"#, #"in.json: "n" is a number outside the supported range (integers must fit in 64 bits, numbers must be finite)"#),
        ("{\"a\":\n  [1, 2}", #"in.json:2:8: invalid JSON: array value separator ',' expected; fix the file or regenerate it"#),
        (#"{"a" 1}"#, #"in.json:1:6: invalid JSON: object property name separator ':' expected; fix the file or regenerate it"#),
    ])
    func malformedInputIsNamed(input: String, message: String) {
        #expect(throws: (any Error).self) { try JSONParser.parse(input, source: JSONSource(name: "/data/in.json")) }
        do {
            _ = try JSONParser.parse(input, source: JSONSource(name: "/data/in.json"))
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test func invalidUTF8IsRejected() throws {
        var bytes: [UInt8] = Array(#"{"a": ""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        #expect {
            try JSONParser.parse(bytes: &bytes, source: JSONSource(name: "bad.json"))
        } throws: { error in
            "\(error)" == "bad.json:1:8: invalid JSON: invalid utf-8 string; fix the file or regenerate it"
        }
    }

    @Test func deepNestingIsBoundedNotACrash() throws {
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect {
            try JSONParser.parse(deep, source: JSONSource(name: "deep.json"))
        } throws: { error in
            "\(error)".contains("nesting too deep")
        }
        let ok = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(throws: Never.self) { try JSONParser.parse(ok) }
    }

    @Test func integerBoundariesAreExact() throws {
        #expect(try JSONParser.parse("9223372036854775807") == .integer(Int64.max))
        #expect(try JSONParser.parse("-9223372036854775808") == .integer(Int64.min))
        #expect(throws: JSONError.self) { try JSONParser.parse("9223372036854775808") }
    }
}
