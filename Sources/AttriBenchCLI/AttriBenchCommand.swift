import ArgumentParser
import ExplainerKit
import Foundation
import Logging
import TensorCore

/// The `attribench` command line tool.
struct AttriBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attribench",
        abstract: "Benchmark token-attribution explainers for transformer models.",
        discussion: """
            Exit codes: 0 success; 1 the run finished with recorded failures; 2 usage, configuration or \
            input error (the message names the file, field or value and what to do).
            JSON goes to standard output; logs and progress go to standard error.
            """,
        subcommands: [SetupCommand.self, FinetuneCommand.self, EvaluateCommand.self, TokenizeCommand.self, ForwardCommand.self,
                      GenerateCommand.self, ExplainCommand.self, ListCommand.self, NewExplainerCommand.self, RunCommand.self,
                      ReportCommand.self, MergeCommand.self, TrainAT2Command.self]
    )

    /// Parses `arguments`, runs, and maps every error to the documented exit codes.
    static func main(arguments: [String]?) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            report(error)
            Foundation.exit(code == .success ? 0 : 2)
        }
    }

    /// Writes `attribench: <message>` to standard error. A function of its own so that the message's
    /// strings are released before `exit`: values still live at a call that never returns are never
    /// released, and LeakSanitizer, which cannot follow Swift's tagged string pointers, reported them
    /// as leaks and turned exit code 2 into 1 under `scripts/sanitize.sh address`.
    private static func report(_ error: Error) {
        let message = error is CommandFailure ? "\(error)" : fullMessage(for: error)
        FileHandle.standardError.write(Data(("attribench: " + message + "\n").utf8))
    }
}

/// An error that a command reports as its message, with exit code 2.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Options every command has.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    /// Sends every library's logs to standard error at the chosen level.
    func bootstrapLogging() {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let kernels = ComputeThreads.blasKernels
        Logger(label: "attribench").log(level: kernels.active == kernels.detected ? .debug : .info,
                                        "BLAS: \(kernels), \(ComputeThreads.count) threads")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
