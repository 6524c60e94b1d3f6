import Testing
@testable import Datasets

/// Loads every built-in task from the real data directory and checks the counts the data README
/// states. Missing data is a failure, not a skip: set ATTRIBENCH_DATA or keep shared/datasets beside the clone.
@Suite struct RealDataTests {
    func load(_ task: TaskDefinition, _ split: String) throws -> ([Example], LoadReport) {
        try DatasetLoader.load(task: task, split: split, dataDirectory: TestFiles.realData())
    }

    func checkShapes(_ examples: [Example], rationales: Bool) {
        for example in examples {
            #expect(!example.words.isEmpty, "\(example.id)")
            if rationales {
                #expect(example.rationale?.count == example.words.count, "\(example.id)")
            } else {
                #expect(example.rationale == nil, "\(example.id)")
            }
        }
    }

    @Test func sst2() throws {
        let (train, trainReport) = try load(.sst2, "train")
        let (dev, _) = try load(.sst2, "dev")
        #expect(train.count == 6920 && trainReport.loaded == 6920 && trainReport.skippedCount == 0)
        #expect(dev.count == 872)
        checkShapes(train + dev, rationales: true)
        #expect((train + dev).allSatisfy { $0.softRationale?.count == $0.words.count })
        #expect(dev[0].words.prefix(4) == ["It", "'s", "a", "lovely"] && dev[0].label == 1)
        #expect(dev[0].id == "dev-1")
    }

    @Test func hatexplain() throws {
        let (train, trainReport) = try load(.hatexplain, "train")
        let (val, valReport) = try load(.hatexplain, "val")
        #expect(train.count == 5514 && train.filter { $0.label == 1 }.count == 3295)
        #expect(val.count == 1922 && val.filter { $0.label == 1 }.count == 1141)
        #expect(trainReport.skippedCount == 0 && trainReport.otherSplits == ["val": 1922])
        #expect(valReport.skippedCount == 0 && valReport.otherSplits == ["train": 5514])
        checkShapes(train + val, rationales: true)
        #expect((train + val).filter { $0.label == 0 }.allSatisfy { $0.rationale!.allSatisfy { $0 == 0 } })
        #expect(val[0].id == "10002346_gab" && val[0].split == "val")
    }

    @Test func cola() throws {
        let (train, report) = try load(.cola, "train")
        let (dev, _) = try load(.cola, "dev_out_of_domain")
        #expect(train.count == 8551 && train.filter { $0.label == 1 }.count == 6023 && report.skippedCount == 0)
        #expect(dev.count == 516)
        checkShapes(train + dev, rationales: false)
        #expect(train[0].words.first == "our" && train[0].label == 1)
    }

    @Test func movies() throws {
        let (train, trainReport) = try load(.movies, "train")
        let (val, valReport) = try load(.movies, "val")
        #expect(train.count == 1600 && val.count == 200)
        #expect(trainReport.skippedCount == 0 && valReport.skippedCount == 0)
        checkShapes(train + val, rationales: true)
        for example in train + val {
            let spans = example.evidenceSpans ?? []
            let covered = Set(spans.flatMap { Array($0) })
            #expect(example.rationale!.enumerated().allSatisfy { ($1 == 1) == covered.contains($0) }, "\(example.id)")
            if !spans.isEmpty { #expect(example.rationale!.contains(1), "\(example.id)") }
        }
        #expect(trainReport.remarks.map(\.count) == [1])
        // Span totals counted independently with Python over the unpacked archive.
        #expect(train.reduce(0) { $0 + $1.evidenceSpans!.count } == 13878)
        #expect(val.reduce(0) { $0 + $1.evidenceSpans!.count } == 1517)
        #expect(train[0].id == "negR_000.txt" && train[0].label == 0)
        #expect(Set((train + val).map(\.label)) == [0, 1])
    }

    @Test func xquad() throws {
        let (questions, report) = try DatasetLoader.loadContexts(task: .xquad, split: "dev",
                                                                 dataDirectory: TestFiles.realData())
        #expect(questions.count == 925 && report.loaded == 925)
        #expect(Set(questions.map(\.title)).count == 36)
        #expect(questions.allSatisfy { !$0.answers.isEmpty && $0.answers.count == $0.answerStarts.count })
        #expect(questions[0].answers == ["308"] && questions[0].context.hasPrefix("The Panthers defense"))
    }

    @Test func everyBuiltInTaskIsValidAndUnique() throws {
        let catalog = TaskCatalog.builtIn
        #expect(catalog.ids == ["sst2", "hatexplain", "cola", "movies", "xquad"])
        _ = try TaskCatalog(catalog.tasks)
    }
}
