import Testing

/// Every command and subcommand of `attribench`, discovered from the help text itself (so a command
/// added later is covered without editing this file), has `--help` with a usage line and an example.
@Suite struct HelpTests {
    /// The subcommand names listed under `SUBCOMMANDS:` in a help text.
    static func subcommands(inHelp text: String) -> [String] {
        var names: [String] = [], inSection = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("SUBCOMMANDS:") { inSection = true; continue }
            guard inSection else { continue }
            if line.isEmpty || !line.hasPrefix("  ") { if !names.isEmpty { break } else { continue } }
            // "  name    abstract" lines; continuation lines of a long abstract are indented further.
            guard line.hasPrefix("  "), !line.hasPrefix("   "),
                  let name = line.split(separator: " ", omittingEmptySubsequences: true).first else { continue }
            if name != "help" { names.append(String(name)) }
        }
        return names
    }

    /// Every command path below the root, depth first.
    static func allCommandPaths() throws -> [[String]] {
        var paths: [[String]] = [], queue: [[String]] = [[]]
        while let path = queue.popLast() {
            let help = try CommandRunner.run(path + ["--help"])
            for name in subcommands(inHelp: help.stdout) {
                paths.append(path + [name])
                queue.append(path + [name])
            }
        }
        return paths
    }

    @Test func rootHelpListsTheDocumentedCommands() throws {
        let result = try CommandRunner.run(["--help"])
        #expect(result.status == 0)
        let names = Set(Self.subcommands(inHelp: result.stdout))
        for name in ["tokenize", "forward", "generate", "explain", "list", "new-explainer", "run", "report", "merge"] {
            #expect(names.contains(name), "`attribench --help` does not list \(name): \(result.stdout)")
        }
        #expect(result.stdout.contains("Exit codes: 0 success; 1"))
    }

    @Test func everyCommandHasHelpWithAnExample() throws {
        let paths = try Self.allCommandPaths()
        #expect(paths.count >= 12, "found only \(paths)")
        for path in paths {
            let result = try CommandRunner.run(path + ["--help"])
            let name = path.joined(separator: " ")
            #expect(result.status == 0, "\(name) --help exited \(result.status): \(result.stderr)")
            #expect(result.stdout.contains("USAGE: attribench \(name)"), "\(name) --help: \(result.stdout)")
            let isGroup = !Self.subcommands(inHelp: result.stdout).isEmpty
            if !isGroup {
                #expect(result.stdout.contains("Example: attribench \(name)"), "\(name) --help has no example: \(result.stdout)")
                #expect(result.stdout.contains("--log-level"), "\(name) --help has no --log-level")
            }
        }
    }

    @Test func subcommandParsingReadsTheHelpLayout() {
        let help = """
            USAGE: attribench <subcommand>

            SUBCOMMANDS:
              tokenize                Split a text.
              list                    List registered things, with a long abstract
                                      that wraps.
              help                    Show subcommand help information.

              See 'attribench help <subcommand>' for detailed help.
            """
        #expect(Self.subcommands(inHelp: help) == ["tokenize", "list"])
    }
}
