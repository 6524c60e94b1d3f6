import Foundation

/// The suites shipped with AttriBench (`Sources/BenchRunner/Suites/*.json`): `smoke` (seconds, for tests),
/// `default` (every registered explainer on every task, ≤ 30 minutes on 2 cores after fine-tuning) and
/// `full` (every dev/validation example).
public enum BuiltinSuites {
    /// The names of the shipped suites.
    public static var names: [String] {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Suites"),
              let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The suite named `name` (a shipped suite) or at the path `name` (a `.json` file).
    public static func load(_ name: String) throws -> Suite {
        if name.hasSuffix(".json") || name.contains("/") { return try Suite.load(path: name) }
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Suites") else {
            throw BenchRunnerError.invalidSuite(source: "--suite \(name)",
                                                reason: "no shipped suite of that name (shipped: \(names.joined(separator: ", "))); pass a .json path for your own")
        }
        return try Suite.load(path: url.path)
    }
}
