import Foundation
import PackagePlugin

/// `swift package attribench <command> …`: a thin forwarder to the `attribench` command line, run in
/// the package's folder (so `run` writes `leaderboard/` and `new-explainer` writes sources there).
/// Examples: `swift package --allow-writing-to-package-directory attribench run --suite default`,
/// `swift package --allow-writing-to-package-directory attribench new-explainer my-method`.
@main
struct AttriBenchPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "attribench")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = arguments
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            Diagnostics.error("attribench \(arguments.joined(separator: " ")) exited with status \(process.terminationStatus)")
            throw PluginFailure(status: process.terminationStatus)
        }
    }
}

/// The forwarded command failed.
struct PluginFailure: Error, CustomStringConvertible {
    let status: Int32
    var description: String { "attribench exited with status \(status)" }
}
