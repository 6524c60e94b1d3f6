import Foundation
import PackagePlugin

/// `swift package attribench <command> …`: a thin forwarder to the `attribench` command line, run in
/// the package's folder (so `run` writes `leaderboard/` and `new-explainer` writes sources there).
///
/// From a user's package that adds its own explainers through an executable calling
/// `AttriBenchCLI`'s entry point, `--product NAME` builds that executable (release) and forwards to it
/// instead, so the user's explainers run beside the built-ins; `--configuration debug` builds it in
/// debug mode (release is the default, for benchmark speed).
/// Examples: `swift package --allow-writing-to-package-directory attribench run --suite default`,
/// `swift package --allow-writing-to-package-directory attribench new-explainer my-method`,
/// `swift package --allow-writing-to-package-directory attribench --product custom-attribench run --suite smoke`.
@main
struct AttriBenchPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var arguments = arguments
        var configuration = PackageManager.BuildConfiguration.release
        if let flag = arguments.firstIndex(of: "--configuration") {
            guard flag + 1 < arguments.count, ["debug", "release"].contains(arguments[flag + 1]) else {
                throw PluginFailure.usage("--configuration takes debug or release")
            }
            configuration = arguments[flag + 1] == "debug" ? .debug : .release
            arguments.removeSubrange(flag...(flag + 1))
        }
        let executable: URL
        if let flag = arguments.firstIndex(of: "--product") {
            guard flag + 1 < arguments.count else { throw PluginFailure.usage("--product needs the name of an executable product") }
            let product = arguments[flag + 1]
            arguments.removeSubrange(flag...(flag + 1))
            executable = try build(product: product, configuration: configuration, in: context)
        } else {
            executable = try context.tool(named: "attribench").url
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            Diagnostics.error("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) exited with status \(process.terminationStatus)")
            throw PluginFailure.exited(process.terminationStatus)
        }
    }

    /// Builds the package's executable product `name` and returns its path.
    private func build(product name: String, configuration: PackageManager.BuildConfiguration,
                       in context: PluginContext) throws -> URL {
        let result = try packageManager.build(.product(name), parameters: .init(configuration: configuration, echoLogs: false))
        guard result.succeeded else {
            throw PluginFailure.usage("building product \(name) failed:\n\(result.logText)")
        }
        guard let artifact = result.builtArtifacts.first(where: { $0.kind == .executable && $0.url.lastPathComponent == name }) else {
            throw PluginFailure.usage("\(context.package.displayName) has no executable product named \(name); pass one of its executables to --product")
        }
        return artifact.url
    }
}

/// Why the forwarded command failed.
enum PluginFailure: Error, CustomStringConvertible {
    case exited(Int32)
    case usage(String)

    var description: String {
        switch self {
        case .exited(let status): "attribench exited with status \(status)"
        case .usage(let message): "attribench plugin: \(message)"
        }
    }
}
