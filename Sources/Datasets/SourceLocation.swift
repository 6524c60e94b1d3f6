/// Where a record came from, for error messages and reports: a file (possibly inside an archive)
/// and a 1-based line.
public struct SourceLocation: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The file's path, or the entry's path inside `archive`.
    public var file: String
    /// The archive holding `file`, when it was read from one.
    public var archive: String?
    /// The 1-based line, when the file is line-oriented.
    public var line: Int?

    /// A location in `file` (inside `archive` when given), at `line` when given.
    public init(file: String, archive: String? = nil, line: Int? = nil) {
        self.file = file
        self.archive = archive
        self.line = line
    }

    /// `train.tsv:17`, or `movies.tar.gz(movies/train.jsonl):17` inside an archive.
    public var description: String {
        let name: String
        if let archive {
            name = "\(Self.lastComponent(archive))(\(file))"
        } else {
            name = Self.lastComponent(file)
        }
        return line.map { "\(name):\($0)" } ?? name
    }

    /// The same file at another line.
    func at(line: Int) -> SourceLocation {
        SourceLocation(file: file, archive: archive, line: line)
    }

    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
