import AttriJSON
import Foundation

/// The provenance of a run store, kept beside it as `<store>.run.json`, so `report` and `merge` render
/// a store without the suite file.
public enum RunManifest {
    /// The manifest path of a store.
    public static func path(forStore store: String) -> String { store + ".run.json" }

    /// Writes the manifest.
    public static func write(_ provenance: Provenance, forStore store: String) throws {
        let value = JSONValue.object(JSONObject([
            ("git_commit", JSONValue(provenance.gitCommit)), ("suite", JSONValue(provenance.suite)),
            ("suite_hash", JSONValue(provenance.suiteHash)),
            ("models", .object(JSONObject(provenance.models.keys.sorted().map { ($0, JSONValue(provenance.models[$0]!)) }))),
            ("data", .object(JSONObject(provenance.data.keys.sorted().map { ($0, JSONValue(provenance.data[$0]!)) }))),
            ("seed", .integer(Int64(bitPattern: provenance.seed))), ("resamples", JSONValue(provenance.resamples)),
            ("machine", JSONValue(provenance.machine)), ("threads", JSONValue(provenance.threads)),
        ]))
        let path = path(forStore: store)
        do {
            try (JSONWriter.string(value) + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw BenchRunnerError.store(path: path, reason: "cannot write the run manifest (\(error))")
        }
    }

    /// Reads the manifest of a store.
    public static func read(forStore store: String) throws -> Provenance {
        let path = path(forStore: store)
        do {
            let json = JSONCursor(try JSONParser.parse(contentsOf: path), source: JSONSource(name: path))
            func map(_ key: String) throws -> [String: String] {
                let object = try json.field(key)
                var result: [String: String] = [:]
                for name in try object.object().keys { result[name] = try object.field(name).string() }
                return result
            }
            return Provenance(gitCommit: try json.field("git_commit").string(), suite: try json.field("suite").string(),
                              suiteHash: try json.field("suite_hash").string(), models: try map("models"), data: try map("data"),
                              seed: UInt64(bitPattern: Int64(try json.field("seed").integer())),
                              resamples: try json.field("resamples").integer(), machine: try json.field("machine").string(),
                              threads: try json.field("threads").integer())
        } catch {
            throw BenchRunnerError.store(path: path, reason: "cannot read the run manifest (\(error)); a store is rendered with the manifest its run wrote beside it")
        }
    }
}
