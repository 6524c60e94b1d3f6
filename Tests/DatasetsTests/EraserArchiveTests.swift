import Foundation
import Testing
@testable import Datasets

/// ERASER data read from a hand-built movies.tar.gz or an unpacked folder, and the errors for broken
/// archives, missing documents and bad evidence spans.
@Suite struct EraserArchiveTests {
    static let docA = "the film was great .\nreally great !\n"
    static let lineA = #"{"annotation_id": "a.txt", "classification": "POS", "evidences": [[{"docid": "a.txt", "start_token": 3, "end_token": 4, "text": "great"}], [{"docid": "a.txt", "start_token": 5, "end_token": 7, "text": "really great"}]]}"#
    static let lineB = #"{"annotation_id": "b.txt", "classification": "NEG", "evidences": []}"#
    static let docB = "dull .\n"

    /// Writes `movies.tar.gz` with the given annotation lines and documents; returns the data folder.
    func archive(_ lines: [String], docs: [(String, String)] = [("a.txt", docA), ("b.txt", docB)]) throws -> String {
        let folder = try TestFiles.scratch()
        let files = [("movies/train.jsonl", lines.joined(separator: "\n") + "\n")] + docs.map { ("movies/docs/\($0.0)", $0.1) }
        try TestFiles.writeGzip(TestFiles.tar(files), to: "\(folder)/eraser_movies/movies.tar.gz".creatingFolder())
        return folder
    }

    func load(_ folder: String, task: TaskDefinition = .movies) throws -> ([Example], LoadReport) {
        try DatasetLoader.load(task: task, split: "train", dataDirectory: DataDirectory(path: folder))
    }

    func loadMessage(_ folder: String) -> String {
        TestFiles.message { try load(folder) }
    }

    @Test func readsArchiveAndFolderAlike() throws {
        let folder = try archive([Self.lineA, Self.lineB])
        let (examples, report) = try load(folder)
        #expect(examples.map(\.id) == ["a.txt", "b.txt"] && examples.map(\.label) == [1, 0])
        #expect(examples[0].words == ["the", "film", "was", "great", ".", "really", "great", "!"])
        #expect(examples[0].rationale == [0, 0, 0, 1, 0, 1, 1, 0])
        #expect(examples[0].evidenceSpans == [3..<4, 5..<7])
        #expect(examples[1].rationale == [0, 0] && examples[1].evidenceSpans == [])
        #expect(report.remarks.map(\.samples) == [["movies.tar.gz(movies/train.jsonl):2"]])

        let unpacked = try TestFiles.scratch()
        try TestFiles.write([Self.lineA, Self.lineB].joined(separator: "\n"), to: "movies/train.jsonl", in: unpacked)
        try TestFiles.write(Self.docA, to: "movies/docs/a.txt", in: unpacked)
        try TestFiles.write(Self.docB, to: "movies/docs/b.txt", in: unpacked)
        var task = TaskDefinition.movies
        task.splits[0].file = unpacked
        let (fromFolder, _) = try load(folder, task: task)
        #expect(fromFolder == examples)
    }

    @Test func truncatedGzip() throws {
        let folder = try archive([Self.lineA])
        let path = "\(folder)/eraser_movies/movies.tar.gz"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        let message = loadMessage(folder)
        #expect(message.hasPrefix(path + ": gzip: the compressed data ends early (truncated?)"), "\(message)")
    }

    @Test func notGzip() throws {
        let folder = try TestFiles.scratch()
        let path = try TestFiles.write("plain text", to: "eraser_movies/movies.tar.gz", in: folder)
        #expect(loadMessage(folder) == "\(path): not a gzip-compressed file; download or unpack the archive again")
    }

    @Test func missingArchive() throws {
        let folder = try TestFiles.scratch()
        #expect(loadMessage(folder).hasPrefix("\(folder)/eraser_movies/movies.tar.gz: no such archive or folder"))
    }

    @Test func tarEntryCutShort() throws {
        let folder = try archive([Self.lineA])
        let tar = TestFiles.tar([("movies/train.jsonl", Self.lineA), ("movies/docs/a.txt", String(repeating: "word ", count: 300))])
        try TestFiles.writeGzip(Array(tar.prefix(512 * 4)), to: "\(folder)/eraser_movies/movies.tar.gz")
        let message = loadMessage(folder)
        #expect(message.contains(#"movies.tar.gz at entry "movies/docs/a.txt": the entry declares 1500 bytes but the archive ends after 512 (truncated?)"#),
                "\(message)")
    }

    @Test func tarWithoutEndMarker() throws {
        let folder = try archive([Self.lineA])
        let tar = TestFiles.tar([("movies/train.jsonl", Self.lineA)])
        try TestFiles.writeGzip(Array(tar.dropLast(1024)), to: "\(folder)/eraser_movies/movies.tar.gz")
        let message = loadMessage(folder)
        #expect(message.contains(#"movies.tar.gz at entry "movies/train.jsonl": the archive ends without its end-of-archive marker (truncated?)"#),
                "\(message)")
    }

    @Test func corruptedTarHeader() throws {
        let folder = try archive([Self.lineA])
        var tar = TestFiles.tar([("movies/train.jsonl", Self.lineA), ("movies/docs/a.txt", Self.docA)])
        tar[1024 + 3] ^= 0x20  // "movies" → "movIes" in the second header
        try TestFiles.writeGzip(tar, to: "\(folder)/eraser_movies/movies.tar.gz")
        let message = loadMessage(folder)
        #expect(message.contains(#"movies.tar.gz at entry "movies/train.jsonl": the header at byte 1024 ("movIes/docs/a.txt") fails its checksum"#),
                "\(message)")
    }

    @Test func missingDocument() throws {
        let folder = try archive([Self.lineA, Self.lineB], docs: [("a.txt", Self.docA)])
        #expect(loadMessage(folder) == "\(folder)/eraser_movies/movies.tar.gz has no \"movies/docs/b.txt\" "
                + "(needed by movies.tar.gz(movies/train.jsonl):2); add the file or point the task at a complete copy")
    }

    @Test func spanOutOfRange() throws {
        let line = #"{"annotation_id": "a.txt", "classification": "POS", "evidences": [[{"docid": "a.txt", "start_token": 2, "end_token": 99, "text": "x"}]]}"#
        let message = loadMessage(try archive([line]))
        #expect(message.hasPrefix(#"movies.tar.gz(movies/train.jsonl):1: field "evidences[0][0].end_token": annotation "a.txt" span 2..<99: end_token 99 is past the 8 words of document "a.txt""#),
                "\(message)")
    }

    @Test func emptyOrReversedSpan() throws {
        let line = #"{"annotation_id": "a.txt", "classification": "POS", "evidences": [[{"docid": "a.txt", "start_token": 4, "end_token": 4, "text": ""}]]}"#
        let message = loadMessage(try archive([line]))
        #expect(message.contains(#"field "evidences[0][0].start_token": annotation "a.txt" span 4..<4: expected 0 <= start_token < end_token"#),
                "\(message)")
    }

    @Test func spanTextMismatch() throws {
        let line = #"{"annotation_id": "a.txt", "classification": "POS", "evidences": [[{"docid": "a.txt", "start_token": 3, "end_token": 4, "text": "awful"}]]}"#
        let message = loadMessage(try archive([line]))
        #expect(message.hasPrefix(#"movies.tar.gz(movies/train.jsonl):1: field "evidences[0][0].text": annotation "a.txt" span 3..<4: text "awful" differs from the document's words "great""#),
                "\(message)")
    }

    @Test func spansInTwoDocuments() throws {
        let line = #"{"annotation_id": "a.txt", "classification": "POS", "evidences": [[{"docid": "a.txt", "start_token": 3, "end_token": 4, "text": "great"}, {"docid": "b.txt", "start_token": 0, "end_token": 1, "text": "dull"}]]}"#
        let message = loadMessage(try archive([line]))
        #expect(message.contains(#"field "evidences": annotation "a.txt" has spans in 2 documents (a.txt, b.txt)"#), "\(message)")
    }

    @Test func badJSONAndUnknownLabelInsideTheArchive() throws {
        let bad = loadMessage(try archive([Self.lineA, #"{"annotation_id": "b.txt", "#]))
        #expect(bad.hasPrefix("in movies.tar.gz: train.jsonl:2 (column"), "\(bad)")
        let neutral = Self.lineB.replacingOccurrences(of: "NEG", with: "NEUTRAL")
        let label = loadMessage(try archive([neutral]))
        #expect(label.hasPrefix(#"movies.tar.gz(movies/train.jsonl):1: field "classification": unknown label "NEUTRAL"; the task's labels are "NEG", "POS""#),
                "\(label)")
        let noEvidences = loadMessage(try archive([#"{"annotation_id": "b.txt", "classification": "NEG"}"#]))
        #expect(noEvidences.hasPrefix(#"in movies.tar.gz: train.jsonl:1: the top-level object has no "evidences""#), "\(noEvidences)")
    }
}

private extension String {
    /// This path, after creating its parent folder.
    func creatingFolder() throws -> String {
        try FileManager.default.createDirectory(atPath: (self as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        return self
    }
}
