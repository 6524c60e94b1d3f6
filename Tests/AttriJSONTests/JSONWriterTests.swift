import Foundation
import Testing
@testable import AttriJSON

@Suite struct JSONWriterTests {
    @Test(arguments: [
        (0.1, "0.1"), (1e-7, "1e-07"), (-0.0, "-0.0"), (2.0, "2.0"), (123456.789, "123456.789"),
        (Double(Float.greatestFiniteMagnitude), "3.4028234663852886e+38"), (Double.leastNonzeroMagnitude, "5e-324"),
    ])
    func doublesUseShortestRoundTripDigits(value: Double, text: String) throws {
        let written = JSONWriter.string(.array([.double(value)]))
        #expect(written == "[\(text)]")
        #expect(try JSONParser.parse(written) == .array([.double(value)]))
    }

    @Test func floatsUseTheirOwnShortestDigits() {
        #expect(JSONWriter.string(JSONValue([Float(0.1), 1e-7, 3.4028235e38])) == "[0.1,1e-07,3.4028235e+38]")
    }

    @Test func keyOrderIsInsertionOrSorted() {
        let object = JSONValue.object(JSONObject([("zeta", .integer(1)), ("alpha", .string("a/b")), ("mid", .null)]))
        #expect(JSONWriter.string(object) == #"{"zeta":1,"alpha":"a/b","mid":null}"#)
        #expect(JSONWriter.string(object, sortKeys: true) == #"{"alpha":"a/b","mid":null,"zeta":1}"#)
    }

    @Test func roundTripPreservesEverything() throws {
        let text = #"{"s":"é\n\"q\"\u0001","n":[1,-2,3.25,1e+100],"o":{"t":true,"f":false,"z":null}}"#
        let value = try JSONParser.parse(text)
        #expect(try JSONParser.parse(JSONWriter.string(value)) == value)
        #expect(try JSONParser.parse(JSONWriter.string(value, style: .pretty)) == value)
        #expect(JSONWriter.string(value) == JSONWriter.string(try JSONParser.parse(JSONWriter.string(value))))
    }

    @Test func fileRoundTripAndUnwritableFolder() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("attrijson-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let value = JSONValue.object(JSONObject([("x", JSONValue([1, 2, 3]))]))
        try JSONWriter.write(value, toFile: path)
        #expect(try JSONParser.parse(contentsOf: path) == value)
        #expect(throws: JSONError.self) { try JSONWriter.write(value, toFile: "/nonexistent-dir/x.json") }
    }
}
