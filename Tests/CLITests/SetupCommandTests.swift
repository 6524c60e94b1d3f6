import Foundation
import Testing

/// `attribench setup` on a machine whose models are already set up: nothing is downloaded, and the JSON
/// names folders that exist.
@Suite struct SetupCommandTests {
    @Test func setupReportsTheModelFoldersAsJSON() throws {
        let result = try CommandRunner.run(["setup", "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("nothing to download"), "a second setup must download nothing: \(result.stderr)")
        let json = try result.json()
        let encoder = try json.field("encoder_model").string()
        let decoder = try json.field("decoder_model").string()
        #expect(FileManager.default.fileExists(atPath: "\(encoder)/model.safetensors"))
        #expect(FileManager.default.fileExists(atPath: decoder))
        #expect(try json.field("attribench_home").string() == CommandRunner.home)
    }
}
