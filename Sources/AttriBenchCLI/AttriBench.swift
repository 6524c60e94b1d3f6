import ExplainerKit

/// The public entry point of the `attribench` command line, for the built-in tool and for a user's
/// package that adds its own explainers:
///
/// ```swift
/// import AttriBenchCLI
/// AttriBench.main(additionalExplainers: MyExplainers.entries)
/// ```
///
/// Every command (`list explainers`, `explain`, and the benchmark runner) then sees the user's
/// explainers beside the built-ins of `Catalog`.
public enum AttriBench {
    /// Runs the command line with `CommandLine.arguments` (or `arguments`) and exits with its code:
    /// 0 success, 1 finished with recorded failures, 2 usage, configuration or input error.
    public static func main(additionalExplainers: [ExplainerEntry] = [], arguments: [String]? = nil) -> Never {
        let registry: ExplainerRegistry
        do {
            registry = try Catalog.registry(adding: additionalExplainers)
        } catch {
            AttriBenchCommand.exit(withError: CommandFailure("\(error)"))
        }
        return ActiveRegistry.$current.withValue(registry) {
            AttriBenchCommand.main(arguments: arguments)
        }
    }
}

/// The registry the running command line uses (the built-ins plus a user's additions).
enum ActiveRegistry {
    @TaskLocal static var current: ExplainerRegistry?

    /// The active registry, or the built-in catalog.
    static func registry() throws -> ExplainerRegistry {
        try current ?? Catalog.registry()
    }
}
