import Foundation
import Testing
@testable import Datasets

/// The tar reader on its own: long names, pax paths, directories, bad numbers.
@Suite struct TarArchiveTests {
    @Test func longNamesPaxPathsAndDirectories() throws {
        let long = String(repeating: "d/", count: 60) + "file.txt"
        let bytes = TestFiles.tar([
            ("movies/", ""),
            ("././@LongLink", long + "\0"), ("ignored", "long one"),
            ("PaxHeaders/x", "28 path=movies/docs/pax.txt\n"), ("ignored2", "pax one"),
            ("plain.txt", "plain"),
        ], types: [UInt8(ascii: "5"), UInt8(ascii: "L"), UInt8(ascii: "0"), UInt8(ascii: "x")])
        let archive = try TarArchive(bytes: bytes, name: "t.tar")
        #expect(archive.directories == ["movies"])
        #expect(archive.contents(of: long).map { Array($0) } == Array("long one".utf8))
        #expect(archive.contents(of: "movies/docs/pax.txt").map { Array($0) } == Array("pax one".utf8))
        #expect(archive.contents(of: "plain.txt").map { Array($0) } == Array("plain".utf8))
        #expect(archive.contents(of: "ignored") == nil && archive.entries.count == 3)
    }

    @Test func malformedPaxRecordIsNamed() {
        let bytes = TestFiles.tar([("PaxHeaders/x", "99 path=a.txt\n"), ("a.txt", "a")], types: [UInt8(ascii: "x")])
        #expect(TestFiles.message { try TarArchive(bytes: bytes, name: "t.tar") }
                == #"t.tar at entry "PaxHeaders/x": a malformed pax header record; download or unpack the archive again"#)
    }

    @Test func nonOctalSizeIsNamed() throws {
        var bytes = TestFiles.tar([("a.txt", "abc")])
        bytes[124] = UInt8(ascii: "9")
        let sum = bytes[0..<512].enumerated().reduce(0) { $0 + ((148..<156).contains($1.offset) ? 0x20 : Int($1.element)) }
        for (i, byte) in String(format: "%06o\0 ", sum).utf8.enumerated() { bytes[148 + i] = byte }
        let message = TestFiles.message { try TarArchive(bytes: bytes, name: "t.tar") }
        #expect(message.hasPrefix(#"t.tar at entry "a.txt": the header field at offset 124 is not an octal number"#), "\(message)")
    }

    @Test func emptyInputIsTruncated() {
        #expect(TestFiles.message { try TarArchive(bytes: [], name: "t.tar") }
                == "t.tar: the archive ends without its end-of-archive marker (truncated?); download or unpack the archive again")
    }
}
