import ArgumentParser
import ExplainerKit
import Foundation

/// `attribench new-explainer`: scaffolds an explainer module inside the AttriBench repository.
struct NewExplainerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-explainer",
        abstract: "Scaffold a new explainer: a source file, its catalog entry and its tests, ready to build.",
        discussion: """
            Writes Sources/Explainers<Family>/<Name>Explainer.swift (a working keep-one-in explainer to edit), \
            adds its entry to the family's list (so the registry, the CLI and the conformance kit see it), and \
            writes Tests/ExplainerConformanceTests/<Name>ExplainerTests.swift. Then: swift build && swift test --filter <Name>Explainer
            Example: attribench new-explainer keep-one-in --family perturbation
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The explainer's id, lower-kebab case (e.g. my-method).") var name: String
    @Option(help: "The family: baseline, attention, gradient, perturbation or learned.") var family: ExplainerFamily = .perturbation
    @Option(help: "The AttriBench repository (default: the current directory).") var root: String = "."

    func run() throws {
        global.bootstrapLogging()
        guard ExplainerDescriptor.isValidIdentifier(name) else {
            throw CommandFailure("\"\(name)\" is not a lower-kebab id; use lowercase words joined by dashes, e.g. my-method")
        }
        let files = try ScaffoldFiles(root: root, id: name, family: family)
        try files.write()
        Output.text("created \(files.sourcePath)")
        Output.text("created \(files.testPath)")
        Output.text("registered \(files.typeName) in \(files.listPath)")
        Output.text("next: swift build && swift test --filter \(files.typeName)Tests")
    }
}

extension ExplainerFamily: ExpressibleByArgument {}

/// The paths and contents of one scaffolded explainer.
struct ScaffoldFiles {
    let typeName: String, module: String
    let sourcePath: String, testPath: String, listPath: String
    let id: String, family: ExplainerFamily

    init(root: String, id: String, family: ExplainerFamily) throws {
        let manifest = (root as NSString).appendingPathComponent("Package.swift")
        guard let text = try? String(contentsOfFile: manifest, encoding: .utf8), text.contains("name: \"AttriBench\"") else {
            throw CommandFailure("\(manifest): not the AttriBench repository; run new-explainer in its root or pass --root")
        }
        let familyName = family.rawValue.prefix(1).uppercased() + family.rawValue.dropFirst()
        self.id = id
        self.family = family
        self.module = "Explainers" + familyName
        self.typeName = id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + "Explainer"
        let folder = (root as NSString).appendingPathComponent("Sources/\(module)")
        self.listPath = (folder as NSString).appendingPathComponent("\(familyName)Explainers.swift")
        guard FileManager.default.fileExists(atPath: listPath) else {
            throw CommandFailure("\(listPath): the \(family.rawValue) family has no target yet; choose a family with a Sources/Explainers<Family> folder")
        }
        self.sourcePath = (folder as NSString).appendingPathComponent("\(typeName).swift")
        self.testPath = (root as NSString).appendingPathComponent("Tests/ExplainerConformanceTests/\(typeName)Tests.swift")
        for path in [sourcePath, testPath] where FileManager.default.fileExists(atPath: path) {
            throw CommandFailure("\(path) exists already; pick another name or remove it")
        }
    }

    /// Writes the source and test files and registers the entry in the family's list.
    func write() throws {
        let marker = "        // `attribench new-explainer` adds entries above this line."
        let list = try String(contentsOfFile: listPath, encoding: .utf8)
        guard list.contains(marker) else {
            throw CommandFailure("\(listPath): the line \"\(marker.trimmingCharacters(in: .whitespaces))\" is missing; add it at the end of `entries`")
        }
        let entry = """
                ExplainerEntry(\(typeName).descriptor, configuration: \(typeName).Configuration.self) {
                    \(typeName)(configuration: $0)
                },

            """
        try fill(ExplainerTemplate.source).write(toFile: sourcePath, atomically: true, encoding: .utf8)
        try fill(ExplainerTemplate.test).write(toFile: testPath, atomically: true, encoding: .utf8)
        try list.replacingOccurrences(of: marker, with: entry + marker).write(toFile: listPath, atomically: true, encoding: .utf8)
    }

    func fill(_ template: String) -> String {
        let displayName = id.split(separator: "-").joined(separator: " ").capitalized
        return template.replacingOccurrences(of: "__TYPE__", with: typeName).replacingOccurrences(of: "__ID__", with: id)
            .replacingOccurrences(of: "__NAME__", with: displayName).replacingOccurrences(of: "__FAMILY__", with: family.rawValue)
            .replacingOccurrences(of: "__MODULE__", with: module)
    }
}
