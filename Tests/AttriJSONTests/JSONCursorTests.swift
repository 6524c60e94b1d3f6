import Testing
@testable import AttriJSON

@Suite struct JSONCursorTests {
    func record(_ text: String, line: Int = 17) throws -> JSONCursor {
        let source = JSONSource(name: "/shared/datasets/sst2/sst2_dev_rationales.jsonl", line: line)
        return JSONCursor(try JSONParser.parse(text, source: source), source: source)
    }

    @Test func typedReadsSucceed() throws {
        let r = try record(#"{"tokens": ["a", "b"], "rationale": [0, 1], "label": 1, "soft": [0.5, 1]}"#)
        #expect(try r.field("tokens").strings() == ["a", "b"])
        #expect(try r.field("rationale").integers(allowed: 0...1) == [0, 1])
        #expect(try r.field("label").integer(in: 0...1) == 1)
        #expect(try r.field("soft").doubles() == [0.5, 1])
        #expect(try r.optionalField("missing") == nil)
    }

    @Test func wrongValueNamesFileLineKeyAndValue() throws {
        let r = try record(#"{"rationale": "yes"}"#)
        #expect {
            try r.field("rationale").integers(allowed: 0...1, expected: "an array of 0/1")
        } throws: { error in
            "\(error)" == #"sst2_dev_rationales.jsonl:17: "rationale" must be an array of 0/1, found "yes""#
        }
    }

    @Test func outOfRangeElementIsNamed() throws {
        let r = try record(#"{"rationale": [0, 2]}"#, line: 3)
        #expect {
            try r.field("rationale").integers(allowed: 0...1, expected: "an array of 0/1")
        } throws: { error in
            "\(error)" == #"sst2_dev_rationales.jsonl:3: "rationale" must be an array of 0/1, found an array of 2 values"#
        }
    }

    @Test func missingKeyAndNestedPath() throws {
        let r = try record(#"{"evidences": [[{"docid": 3}]]}"#, line: 9)
        #expect {
            try r.field("label")
        } throws: { error in
            "\(error)" == #"sst2_dev_rationales.jsonl:9: the top-level object has no "label"; add it"#
        }
        let docid = try r.field("evidences").array()[0].array()[0].field("docid")
        #expect {
            try docid.string()
        } throws: { error in
            "\(error)" == #"sst2_dev_rationales.jsonl:9: "evidences[0][0].docid" must be a string, found 3"#
        }
    }

    @Test func unknownKeysAreListed() throws {
        let r = try record(#"{"tokens": [], "lable": 1}"#)
        #expect {
            try r.rejectUnknownKeys(["tokens", "label"])
        } throws: { error in
            "\(error)" == #"sst2_dev_rationales.jsonl:17: unknown key "lable"; known keys: tokens, label"#
        }
    }
}
