import Logging

/// The one entry point that loads a split of any task, choosing the loader by the task's format.
public enum DatasetLoader {
    private static let logger = Logger(label: "attribench.datasets")

    /// The classification examples of `task`'s `split`, read from `dataDirectory`, with a report of
    /// what was loaded and skipped. SQuAD-format tasks load with `loadContexts` instead.
    public static func load(task: TaskDefinition, split: String,
                            dataDirectory: DataDirectory) throws -> ([Example], LoadReport) {
        try task.validate()
        let source = try task.split(named: split)
        let path = dataDirectory.resolve(source.file)
        let result: ([Example], LoadReport)
        switch task.format {
        case .rationaleJSONL: result = try RationaleJSONLLoader.load(task: task, split: source, path: path)
        case .tsv: result = try TSVLoader.load(task: task, split: source, path: path)
        case .eraser: result = try EraserLoader.load(task: task, split: source, path: path)
        case .squad: throw DatasetError.wrongExampleKind(task: task.id, format: task.format, use: "DatasetLoader.loadContexts")
        }
        log(result.1)
        return result
    }

    /// The question-over-context examples of a SQuAD-format `task`'s `split`, with a report.
    public static func loadContexts(task: TaskDefinition, split: String,
                                    dataDirectory: DataDirectory) throws -> ([ContextExample], LoadReport) {
        try task.validate()
        guard task.format == .squad else {
            throw DatasetError.wrongExampleKind(task: task.id, format: task.format, use: "DatasetLoader.load")
        }
        let source = try task.split(named: split)
        let result = try SquadLoader.load(task: task, split: source, path: dataDirectory.resolve(source.file))
        log(result.1)
        return result
    }

    /// Logs a report: info when nothing was skipped, a warning otherwise.
    private static func log(_ report: LoadReport) {
        if report.skippedCount > 0 {
            logger.warning("\(report.description)")
        } else {
            logger.info("\(report.description)")
        }
    }
}
