import AttriJSON

extension TaskDefinition {
    /// A task definition read from a JSON file with snake_case keys (`label_names`, `has_rationales`,
    /// ...), so a user can describe their own copy, split or file without recompiling. Unknown keys are errors.
    ///
    /// ```json
    /// {"id": "my-sst2", "format": "rationale-jsonl", "label_names": ["negative", "positive"],
    ///  "label_encoding": "index", "has_rationales": true,
    ///  "fields": {"rationale": "rationale", "soft_rationale": "rationale_soft"},
    ///  "splits": [{"name": "test", "file": "/data/sst2_test.jsonl"}]}
    /// ```
    public init(contentsOf path: String) throws {
        self = try RecordReading.json(archive: nil) {
            let cursor = JSONCursor(try JSONParser.parse(contentsOf: path), source: JSONSource(name: path))
            return try JSONValueDecoder().decode(TaskDefinition.self, from: cursor)
        }
        try validate()
    }
}
