import AttriJSON

/// Every error the Datasets module throws. Each message names the file (and line), the field and
/// the value that was wrong, and says what to do.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    /// A JSON record is not valid JSON, lacks a field or has a field of the wrong type.
    case json(JSONError, archive: String?)
    /// A field holds a value the loader cannot accept.
    case invalidField(at: SourceLocation, field: String, problem: String)
    /// A label is not one of the task's label names (or label indices).
    case unknownLabel(at: SourceLocation, field: String, value: String, known: [String])
    /// A text line does not have the layout the task declares (TSV columns).
    case malformedLine(at: SourceLocation, problem: String)
    /// A file could not be opened or read.
    case io(path: String, reason: String)
    /// A gzip or tar archive is truncated or corrupted.
    case corruptArchive(archive: String, entry: String?, problem: String)
    /// A file the task needs is absent from an archive or a folder.
    case missingEntry(container: String, entry: String, neededBy: SourceLocation?)
    /// No data directory was given and none was found.
    case dataDirectoryNotFound(searched: [String])
    /// A task id not in the catalog.
    case unknownTask(id: String, known: [String])
    /// A split the task does not define.
    case unknownSplit(task: String, split: String, known: [String])
    /// A task definition that cannot be loaded as written.
    case invalidTaskDefinition(task: String, problem: String)
    /// A task was loaded with the entry point for another kind of example.
    case wrongExampleKind(task: String, format: DataFormat, use: String)
    /// A length policy with impossible parameters.
    case invalidLengthPolicy(problem: String)

    /// The message: where, which field and value, and what to do.
    public var description: String {
        switch self {
        case let .json(error, archive):
            let prefix = archive.map { "in \(SourceLocation.lastComponent($0)): " } ?? ""
            return "\(prefix)\(error); fix the line or point the task at another file"
        case let .invalidField(location, field, problem):
            return "\(location): field \"\(field)\": \(problem); fix the line or point the task at another file"
        case let .unknownLabel(location, field, value, known):
            return "\(location): field \"\(field)\": unknown label \(value); the task's labels are "
                + known.joined(separator: ", ") + "; fix the line or the task's label names"
        case let .malformedLine(location, problem):
            return "\(location): \(problem); fix the line or point the task at another file"
        case let .io(path, reason):
            return "\(path): \(reason)"
        case let .corruptArchive(archive, entry, problem):
            let inEntry = entry.map { " at entry \"\($0)\"" } ?? ""
            return "\(archive)\(inEntry): \(problem); download or unpack the archive again"
        case let .missingEntry(container, entry, neededBy):
            let by = neededBy.map { " (needed by \($0))" } ?? ""
            return "\(container) has no \"\(entry)\"\(by); add the file or point the task at a complete copy"
        case let .dataDirectoryNotFound(searched):
            return "no data directory: looked for shared/datasets in " + searched.joined(separator: ", ")
                + "; set ATTRIBENCH_DATA to the folder holding sst2/, hatexplain/, cola/, eraser_movies/, xquad/"
        case let .unknownTask(id, known):
            return "unknown task \"\(id)\"; known tasks: \(known.joined(separator: ", "))"
        case let .unknownSplit(task, split, known):
            return "task \"\(task)\" has no split \"\(split)\"; its splits: \(known.joined(separator: ", "))"
        case let .invalidTaskDefinition(task, problem):
            return "task \"\(task)\": \(problem); fix the task definition"
        case let .wrongExampleKind(task, format, use):
            return "task \"\(task)\" is in the \(format.rawValue) format; load it with \(use)"
        case let .invalidLengthPolicy(problem):
            return "invalid length policy: \(problem)"
        }
    }
}
