import ArgumentParser
import AttriJSON
import BenchRunner
import Datasets
import ExplainerKit

/// `attribench list`: what the tool knows.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List registered things.", subcommands: [ListExplainersCommand.self, ListTasksCommand.self, ListSuitesCommand.self])
}

/// `attribench list explainers`: every registered explainer with its descriptor.
struct ListExplainersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explainers",
        abstract: "List every registered explainer: id, name, family, reference, needs, model kinds, budget, default options.",
        discussion: "Example: attribench list explainers --json"
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print a JSON list of descriptors: id, name, family, reference, needs, model_kinds, …") var json = false

    func run() throws {
        global.bootstrapLogging()
        let registry = try ActiveRegistry.registry()
        if json {
            Output.json(.array(registry.entries.map(Self.descriptorJSON)))
            return
        }
        let width = registry.ids.map(\.count).max() ?? 0
        for entry in registry.entries {
            let d = entry.descriptor
            let kinds = d.modelKinds.sorted().map(\.rawValue).joined(separator: ", ")
            let needs = d.needs.isEmpty ? "" : "  needs: " + d.needs.sorted().map(\.rawValue).joined(separator: ", ")
            Output.text("\(d.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(d.family.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0))  \(d.name) [\(kinds)]\(needs)")
            Output.text(String(repeating: " ", count: width + 16) + d.reference)
        }
    }

    /// One descriptor as JSON (the keys of ../shared/INTERFACES.md and more).
    static func descriptorJSON(_ entry: ExplainerEntry) -> JSONValue {
        let d = entry.descriptor
        return .object(JSONObject([
            ("id", JSONValue(d.id)), ("name", JSONValue(d.name)), ("family", JSONValue(d.family.rawValue)),
            ("reference", JSONValue(d.reference)),
            ("needs", .array(d.needs.sorted().map { JSONValue($0.rawValue) })),
            ("model_kinds", .array(d.modelKinds.sorted().map { JSONValue($0.rawValue) })),
            ("forward_pass_budget", .object(JSONObject([("per_feature", JSONValue(d.forwardPassBudget.perFeature)),
                                                        ("constant", JSONValue(d.forwardPassBudget.constant))]))),
            ("backward_pass_budget", JSONValue(d.backwardPassBudget)),
            ("default_configuration", .object(entry.defaultConfiguration)),
        ]))
    }
}

/// `attribench list tasks`: the built-in tasks and their splits.
struct ListTasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks", abstract: "List the built-in tasks: format, splits and files, labels, rationales.",
        discussion: "Example: attribench list tasks --json")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON: a list of {id, format, splits[{name, file}], labels, has_rationales}.") var json = false

    func run() throws {
        global.bootstrapLogging()
        let tasks = TaskCatalog.builtIn.tasks
        if json {
            Output.json(.array(tasks.map { task in
                .object(JSONObject([
                    ("id", JSONValue(task.id)), ("format", JSONValue(task.format.rawValue)),
                    ("splits", .array(task.splits.map { .object(JSONObject([("name", JSONValue($0.name)), ("file", JSONValue($0.file))])) })),
                    ("labels", .array(task.labelNames.map(JSONValue.init))), ("has_rationales", .bool(task.hasRationales)),
                ]))
            }))
            return
        }
        for task in tasks {
            let splits = task.splits.map { "\($0.name) (\($0.file))" }.joined(separator: ", ")
            Output.text("\(task.id.padding(toLength: 11, withPad: " ", startingAt: 0)) \(task.format.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)) \(splits)\(task.hasRationales ? "  [rationales]" : "")")
        }
    }
}

/// `attribench list suites`: the shipped suites.
struct ListSuitesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suites", abstract: "List the shipped benchmark suites.", discussion: "Example: attribench list suites")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON: a list of {name, description, tasks, explainers}.") var json = false

    func run() throws {
        global.bootstrapLogging()
        let suites = try BuiltinSuites.names.map(BuiltinSuites.load)
        if json {
            Output.json(.array(suites.map { suite in
                .object(JSONObject([
                    ("name", JSONValue(suite.name)), ("description", JSONValue(suite.description)),
                    ("tasks", .array(suite.tasks.map { JSONValue($0.task) })), ("explainers", .array(suite.explainers.map { JSONValue($0.id) })),
                ]))
            }))
            return
        }
        let width = suites.map(\.name.count).max() ?? 0
        for suite in suites { Output.text("\(suite.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(suite.description)") }
    }
}
