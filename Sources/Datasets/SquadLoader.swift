import AttriJSON

/// Loads SQuAD v1.1 JSON (XQuAD): `data[].title`, `data[].paragraphs[].context`,
/// `qas[].id`, `qas[].question`, `qas[].answers[].text` and `answer_start`. One example per question.
public enum SquadLoader {
    /// The questions of `split` of `task`, read from the file at `path`.
    public static func load(task: TaskDefinition, split: SplitSource, path: String) throws -> ([ContextExample], LoadReport) {
        var report = LoadReport(task: task.id, split: split.name, source: SourceLocation.lastComponent(path))
        let file = SourceLocation(file: path)
        var examples: [ContextExample] = []
        try RecordReading.json(archive: nil) {
            let root = JSONCursor(try JSONParser.parse(contentsOf: path), source: JSONSource(name: path))
            for article in try root.field("data").array() {
                let title = try article.field("title").string()
                for paragraph in try article.field("paragraphs").array() {
                    let contextCursor = try paragraph.field("context")
                    let context = try contextCursor.string()
                    for qa in try paragraph.field("qas").array() {
                        let question = try qa.field("question").string()
                        let id = try qa.field("id").string()
                        let place = "\(RecordReading.fieldName(qa)) (id \(id))"
                        if context.allSatisfy(\.isWhitespace) {
                            report.skip("empty context", place: "\(file) \(place)")
                            continue
                        }
                        var answers: [String] = []
                        var starts: [Int] = []
                        for answer in try qa.field("answers").array() {
                            answers.append(try answer.field("text").string())
                            starts.append(try answer.field("answer_start").integer(in: 0...context.unicodeScalars.count))
                        }
                        examples.append(ContextExample(id: id, title: title, context: context, question: question,
                                                       answers: answers, answerStarts: starts, split: split.name))
                    }
                }
            }
        }
        report.loaded = examples.count
        return (examples, report)
    }
}
