import AttriJSON
import BenchRunner
import Datasets
import ExplainerKit
import ExplainersAttention
import ExplainersLearned
import Foundation
import Testing

/// The runner trains a learned explainer once per protocol, caches the state beside the store, records
/// the protocol with every unit, resumes without retraining and gives the same bytes twice.
@Suite(.serialized) struct RunnerTrainingTests {
    static func suite(protocol name: String) throws -> Suite {
        let json = """
            {"name": "training-test", "seed": 1, "bootstrap_resamples": 200, "training_protocol": "\(name)",
             "tasks": [{"task": "sst2", "split": "dev", "examples": 3, "model": "tiny", "max_words": 12, "train_examples": 30},
                       {"task": "hatexplain", "split": "val", "examples": 3, "model": "tiny", "max_words": 12, "train_examples": 30},
                       {"task": "cola", "split": "dev_out_of_domain", "examples": 2, "model": "tiny", "train_examples": 30}],
             "explainers": [{"id": "expnet", "options": {"hidden_size": 8, "epochs": 3, "batch_size": 16}}, "raw-attention"]}
            """
        return try Suite(JSONCursor(JSONParser.parse(json), source: JSONSource(name: "training-test suite")))
    }

    static func run(_ suite: Suite, store path: String) throws -> Runner.Summary {
        let registry = try ExplainerRegistry(AttentionExplainers.entries + LearnedExplainers.entries)
        return try Runner(suite: suite, registry: registry, data: RunnerFixtures.data(), models: TinyModelProvider(),
                          store: RunStore(path: path)).run()
    }

    static func trainedStates(of store: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: store + ".trained").sorted()
    }

    @Test func leaveOneTaskOutTrainsOnTheOtherTasksAndRecordsIt() throws {
        let store = try RunnerFixtures.temporaryFolder() + "/store.jsonl"
        let summary = try Self.run(Self.suite(protocol: "leave-one-task-out"), store: store)
        #expect(summary.failed == 0 && summary.skipped == 0 && summary.ok == 16)
        let records = try RunStore(path: store).records.values
        let expnet = records.filter { $0.explainer == "expnet" }
        #expect(expnet.count == 8)
        for record in expnet {
            let training = try #require(record.training)
            #expect(training.hasPrefix("leave-one-task-out: "))
            #expect(!training.contains("\(record.task)/train"), "\(record.task) is held out: \(training)")
            #expect(training.contains("cola/train") == false, "CoLA has no rationales to train on")
        }
        #expect(expnet.first { $0.task == "cola" }!.training!.contains("sst2/train") && expnet.first { $0.task == "cola" }!.training!.contains("hatexplain/train"))
        #expect(records.filter { $0.explainer == "raw-attention" }.allSatisfy { $0.training == nil })
        #expect(expnet.filter { $0.task == "sst2" && $0.rationale?.contains(1) == true }.allSatisfy { $0.metrics["rationale_f1"] != nil })
        // One state per distinct training set: without sst2, without hatexplain, and both (for CoLA).
        let states = try Self.trainedStates(of: store)
        #expect(states.count == 3 && states.allSatisfy { $0.hasPrefix("expnet-") && !$0.hasSuffix("-partial") })
        let markdown = try RunnerFixtures.leaderboard(of: store)["leaderboard.md"]!
        #expect(markdown.contains("- `expnet` trained leave-one-task-out: hatexplain/train"), "the protocol is beside the numbers")
        #expect(markdown.contains("Paired bootstrap tests against the column's best"))
        #expect(markdown.contains("- rationale_f1, best `"))
        let manifest = try String(contentsOfFile: store + ".trained/\(states[0])/training.json", encoding: .utf8)
        #expect(manifest.contains("\"protocol\": \"leave-one-task-out\"") || manifest.contains("\"protocol\":\"leave-one-task-out\""))
    }

    @Test func aResumedRunLoadsTheStateAndTheSameRunGivesTheSameBytes() throws {
        let folder = try RunnerFixtures.temporaryFolder()
        let suite = try Self.suite(protocol: "leave-one-task-out")
        _ = try Self.run(suite, store: folder + "/a.jsonl")
        _ = try Self.run(suite, store: folder + "/b.jsonl")
        let states = try Self.trainedStates(of: folder + "/a.jsonl")
        #expect(states == (try Self.trainedStates(of: folder + "/b.jsonl")))
        for state in states {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/a.jsonl.trained/\(state)/expnet-parameters.f64"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/b.jsonl.trained/\(state)/expnet-parameters.f64"))
            #expect(a == b && !a.isEmpty, "\(state) trained to different bytes")
        }
        #expect(try RunnerFixtures.leaderboard(of: folder + "/a.jsonl") == RunnerFixtures.leaderboard(of: folder + "/b.jsonl"))

        // Cut the store to its first line (a killed run) and mark the states: the resumed run loads them.
        let path = folder + "/a.jsonl"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let before = try RunnerFixtures.leaderboard(of: path)
        try (String(text.split(separator: "\n")[0]) + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let parameters = "\(path).trained/\(states[0])/expnet-parameters.f64"
        let stamp = try FileManager.default.attributesOfItem(atPath: parameters)[.modificationDate] as! Date
        let resumed = try Self.run(suite, store: path)
        #expect(resumed.reused == 1 && resumed.ok == 15)
        #expect(try FileManager.default.attributesOfItem(atPath: parameters)[.modificationDate] as! Date == stamp, "the state was retrained")
        #expect(try RunnerFixtures.leaderboard(of: path) == before)
    }

    @Test func inTaskTrainingSkipsATaskWithoutRationales() throws {
        let store = try RunnerFixtures.temporaryFolder() + "/store.jsonl"
        let summary = try Self.run(Self.suite(protocol: "in-task"), store: store)
        #expect(summary.failed == 0 && summary.skipped == 2)
        let records = try RunStore(path: store).records.values
        let skipped = records.filter { $0.status == .skipped }
        #expect(skipped.allSatisfy { $0.task == "cola" && $0.explainer == "expnet" && $0.reason!.contains("no human rationales") })
        #expect(records.filter { $0.task == "sst2" && $0.explainer == "expnet" }.allSatisfy { $0.training!.hasPrefix("in-task: sst2/train") })
    }

    @Test(arguments: ["in-task", "leave-one-task-out"])
    func anExplainerThatLearnsFromAblationsTrainsInTaskEvenWithoutRationales(protocol name: String) throws {
        let json = """
            {"name": "ablation-learner", "seed": 1, "bootstrap_resamples": 200, "training_protocol": "\(name)",
             "tasks": [{"task": "sst2", "split": "dev", "examples": 2, "model": "tiny", "max_words": 10, "train_examples": 6},
                       {"task": "cola", "split": "dev_out_of_domain", "examples": 2, "model": "tiny", "train_examples": 30}],
             "explainers": [{"id": "at2-encoder", "options": {"ablations": 8, "iterations": 20, "batch_size": 16}}]}
            """
        let suite = try Suite(JSONCursor(JSONParser.parse(json), source: JSONSource(name: "ablation-learner suite")))
        let store = try RunnerFixtures.temporaryFolder() + "/store.jsonl"
        let summary = try Self.run(suite, store: store)
        #expect(summary.failed == 0 && summary.skipped == 0 && summary.ok == 4)
        for record in try RunStore(path: store).records.values {
            #expect(record.training?.hasPrefix("in-task: \(record.task)/train") == true, "\(record.training ?? "untrained")")
        }
    }

    @Test func aDecoderSuiteEvaluatingHeldOutArticlesTrainsOnTheOtherArticles() throws {
        // Evaluate the `eval` articles of XQuAD; ExpNet must train on every question of the `train`
        // articles (train_examples 0 = all) and on nothing else.
        let json = """
            {"name": "expnet-decoder-split", "seed": 1, "bootstrap_resamples": 200, "training_protocol": "in-task",
             "tasks": [{"task": "xquad", "split": "dev", "examples": 2, "model": "tiny", "max_sources": 2, "part": "eval",
                        "train_split": "dev", "train_examples": 0}],
             "explainers": [{"id": "expnet", "options": {"epochs": 1}}]}
            """
        let suite = try Suite(JSONCursor(JSONParser.parse(json), source: JSONSource(name: "split suite")))
        let store = try RunnerFixtures.temporaryFolder() + "/store.jsonl"
        let summary = try Self.run(suite, store: store)
        #expect(summary.ok == 2 && summary.failed == 0 && summary.skipped == 0)
        let data = try RunnerFixtures.data()
        let task = try TaskCatalog.builtIn.task(id: "xquad")
        let (questions, _) = try DatasetLoader.loadContexts(task: task, split: "dev", dataDirectory: data)
        let trainArticles = ContextTaskSplit.examples(questions, part: .train).count
        #expect(trainArticles > 0 && trainArticles < questions.count)
        for record in try RunStore(path: store).records.values {
            #expect(record.training?.hasPrefix("in-task: xquad/dev train articles (\(trainArticles) examples)") == true,
                    "\(record.training ?? "untrained")")
        }
    }

    @Test func anExplainerLoadedFromItsStateDirectoryIsUsedAsItIsNotTrained() throws {
        // Train at2-encoder once (in-task on CoLA), then point a second suite at the state it saved: that
        // suite's task has no training split, so only the loaded weights can make its units run.
        let trainJSON = """
            {"name": "train-once", "seed": 1, "bootstrap_resamples": 200,
             "tasks": [{"task": "cola", "split": "dev_out_of_domain", "examples": 2, "model": "tiny", "train_examples": 30}],
             "explainers": [{"id": "at2-encoder", "options": {"ablations": 8, "iterations": 20, "batch_size": 16}}]}
            """
        let first = try RunnerFixtures.temporaryFolder() + "/store.jsonl"
        #expect(try Self.run(Suite(JSONCursor(JSONParser.parse(trainJSON), source: JSONSource(name: "train-once"))), store: first).ok == 2)
        let state = first + ".trained/" + (try #require(try Self.trainedStates(of: first).first))
        let loadJSON = """
            {"name": "load", "seed": 1, "bootstrap_resamples": 200,
             "tasks": [{"task": "sst2", "split": "dev", "examples": 2, "model": "tiny", "max_words": 10, "train_split": "no-such-split"}],
             "explainers": [{"id": "at2-encoder", "options": {"state_directory": "\(state)"}}]}
            """
        let second = try RunnerFixtures.temporaryFolder() + "/store.jsonl"
        let summary = try Self.run(Suite(JSONCursor(JSONParser.parse(loadJSON), source: JSONSource(name: "load"))), store: second)
        #expect(summary.ok == 2 && summary.skipped == 0 && summary.failed == 0)
        #expect(!FileManager.default.fileExists(atPath: second + ".trained"), "nothing trained for the second suite")
        for record in try RunStore(path: second).records.values {
            #expect(record.training?.hasPrefix("loaded from \(state): ") == true, "\(record.training ?? "untrained")")
        }
        let markdown = try RunnerFixtures.leaderboard(of: second)["leaderboard.md"]!
        #expect(markdown.contains("- `at2-encoder` loaded from \(state): "), "the leaderboard says where the weights came from")
    }

    @Test func skippedUnitsAreReusedUnlessARetryIsAsked() throws {
        let json = """
            {"name": "no-training-split", "seed": 1, "bootstrap_resamples": 200,
             "tasks": [{"task": "sst2", "split": "dev", "examples": 2, "model": "tiny", "max_words": 10, "train_split": "no-such-split"}],
             "explainers": [{"id": "at2-encoder", "options": {"ablations": 8, "iterations": 20}}]}
            """
        let suite = try Suite(JSONCursor(JSONParser.parse(json), source: JSONSource(name: "no-training-split")))
        let store = try RunnerFixtures.temporaryFolder() + "/store.jsonl"
        let registry = try ExplainerRegistry(AttentionExplainers.entries + LearnedExplainers.entries)
        func run(retry: Bool) throws -> Runner.Summary {
            try Runner(suite: suite, registry: registry, data: RunnerFixtures.data(), models: TinyModelProvider(),
                       store: RunStore(path: store), retryUnsuccessful: retry).run()
        }
        let first = try run(retry: false)
        #expect(first.skipped == 2 && first.reused == 0)
        let resumed = try run(retry: false)
        #expect(resumed.skipped == 0 && resumed.reused == 2)
        let retried = try run(retry: true)
        #expect(retried.skipped == 2 && retried.reused == 0)
        #expect(try RunStore(path: store).records.count == 2)
    }

    @Test func anUnknownProtocolIsAnErrorNamingTheKnownOnes() throws {
        let error = #expect(throws: BenchRunnerError.self) { try Self.suite(protocol: "sideways") }
        #expect("\(error!)".contains("\"sideways\"") && "\(error!)".contains("leave-one-task-out"))
    }
}
