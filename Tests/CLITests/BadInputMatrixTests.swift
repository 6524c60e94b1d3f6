import Foundation
import Testing

/// One bad input: how to make it and run the CLI on it, the exit status, and what standard error
/// must name (the file, field or value, and what to do).
struct BadInput: Sendable, CustomTestStringConvertible {
    let name: String
    let status: Int32
    let expected: [String]
    let arguments: @Sendable (BadInputWorkspace) throws -> [String]

    init(_ name: String, status: Int32 = 2, expect expected: [String], _ arguments: @escaping @Sendable (BadInputWorkspace) throws -> [String]) {
        self.name = name
        self.status = status
        self.expected = expected
        self.arguments = arguments
    }

    var testDescription: String { name }
}

/// The bad-input matrix: every case runs the real `attribench` on a damaged model, a wrong id, a
/// malformed suite or data file, or an unwritable destination, and must exit with 2 (or record the
/// problem and go on) with a message naming the culprit, leaving the units already in the store alone.
@Suite struct BadInputMatrixTests {
    static let cases: [BadInput] = BadInputCases.models + BadInputCases.ids + BadInputCases.suites
        + BadInputCases.data + BadInputCases.destinations

    @Test func theMatrixHasAtLeastFortyCases() {
        #expect(Self.cases.count >= 40)
        #expect(Set(Self.cases.map(\.name)).count == Self.cases.count, "case names are unique")
    }

    @Test(arguments: cases) func badInputIsReportedAndNothingIsLost(_ input: BadInput) throws {
        let workspace = try BadInputWorkspace()
        defer { workspace.remove() }
        let arguments = try input.arguments(workspace)
        let result = try CommandRunner.run(arguments)
        #expect(result.status == input.status, "exit status of \(arguments.joined(separator: " ")): \(result.stderr)")
        for text in input.expected {
            let wanted = try workspace.expand(text)
            #expect(result.stderr.contains(wanted), "stderr names \(wanted): \(result.stderr)")
        }
        #expect(!result.stderr.contains("Fatal error"), "no trap: \(result.stderr)")
        if arguments.contains(workspace.store) {
            let stored = try String(contentsOfFile: workspace.store, encoding: .utf8)
            #expect(stored.hasPrefix(BadInputWorkspace.canary + "\n"), "the unit stored before the run is kept")
        }
    }
}
