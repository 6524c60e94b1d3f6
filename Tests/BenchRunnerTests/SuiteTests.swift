import AttriJSON
import BenchRunner
import Testing

/// Suite files: shipped suites parse, and mistakes are errors that name the key.
@Suite struct SuiteTests {
    @Test func theShippedSuitesLoad() throws {
        #expect(BuiltinSuites.names.contains("smoke") && BuiltinSuites.names.contains("default") && BuiltinSuites.names.contains("full"))
        for name in BuiltinSuites.names {
            let suite = try BuiltinSuites.load(name)
            #expect(suite.name == name && !suite.tasks.isEmpty)
        }
        #expect { try BuiltinSuites.load("nope") } throws: { "\($0)".contains("shipped: ") }
    }

    @Test(arguments: [
        (#"{"name": "x", "tasks": [], "explainers": ["random"]}"#, "\"tasks\" is empty"),
        (#"{"name": "x", "task": [], "explainers": ["random"]}"#, "task"),
        (#"{"name": "x", "tasks": [{"task": "sst2", "split": "dev", "model": "finetuned", "exampels": 3}], "explainers": ["random"]}"#, "exampels"),
        (#"{"name": "x", "tasks": [{"task": "sst2", "split": "dev", "model": "finetuned"}], "explainers": [{"id": "random", "options": 3}]}"#, "object"),
        (#"{"name": "x", "tasks": [{"task": "sst2", "split": "dev", "model": "finetuned"}], "explainers": ["random"], "bootstrap_resamples": 5}"#, "bootstrap_resamples"),
    ])
    func mistakesNameTheKey(json: String, message: String) {
        #expect { try Suite(JSONCursor(JSONParser.parse(json), source: JSONSource(name: "suite.json"))) } throws: { "\($0)".contains(message) }
    }
}
