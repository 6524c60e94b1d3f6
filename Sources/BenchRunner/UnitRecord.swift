import AttriJSON

/// One computed unit of a run — (task, example, explainer) — as one line of the run store.
public struct UnitRecord: Sendable, Equatable {
    /// What happened.
    public enum Status: String, Sendable {
        /// Explained and scored.
        case ok
        /// Not applicable (e.g. a decoder-only method on an encoder task), with the reason.
        case skipped
        /// The explainer or a metric threw; the message is kept and the run went on.
        case failed
    }

    /// The task id.
    public var task: String
    /// The example id.
    public var example: String
    /// The explainer id.
    public var explainer: String
    /// What happened.
    public var status: Status
    /// Why it was skipped or failed.
    public var reason: String?
    /// Metric values by name; nil where undefined for this example (e.g. no human rationale).
    public var metrics: [String: Double?]
    /// Forward and backward passes of the explanation.
    public var forwardPasses: Int, backwardPasses: Int
    /// Wall seconds of the explanation (the only non-deterministic field).
    public var seconds: Double
    /// The features (words or sources) and their scores, for heatmaps.
    public var features: [String], scores: [Float]
    /// The human rationale per feature, when the task has one.
    public var rationale: [UInt8]?
    /// How a learned explainer was trained (protocol, training tasks and examples, state key); nil otherwise.
    public var training: String?

    /// The unit's key: `task/example/explainer`.
    public var key: String { UnitRecord.key(task: task, example: example, explainer: explainer) }

    /// The key of a unit.
    public static func key(task: String, example: String, explainer: String) -> String {
        "\(task)/\(example)/\(explainer)"
    }

    /// A record.
    public init(task: String, example: String, explainer: String, status: Status, reason: String? = nil,
                metrics: [String: Double?] = [:], forwardPasses: Int = 0, backwardPasses: Int = 0, seconds: Double = 0,
                features: [String] = [], scores: [Float] = [], rationale: [UInt8]? = nil) {
        self.task = task
        self.example = example
        self.explainer = explainer
        self.status = status
        self.reason = reason
        self.metrics = metrics
        self.forwardPasses = forwardPasses
        self.backwardPasses = backwardPasses
        self.seconds = seconds
        self.features = features
        self.scores = scores
        self.rationale = rationale
    }

    // MARK: - JSON

    /// The record as one JSON object (keys in a fixed order).
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("task", JSONValue(task)), ("example", JSONValue(example)), ("explainer", JSONValue(explainer)),
            ("status", JSONValue(status.rawValue)),
        ]
        if let reason { pairs.append(("reason", JSONValue(reason))) }
        pairs.append(("metrics", .object(JSONObject(metrics.keys.sorted().map { ($0, metrics[$0]!.map(JSONValue.init) ?? .null) }))))
        pairs += [("forward_passes", JSONValue(forwardPasses)), ("backward_passes", JSONValue(backwardPasses)),
                  ("seconds", JSONValue(seconds)), ("features", .array(features.map(JSONValue.init))),
                  ("scores", .array(scores.map(JSONValue.init)))]
        if let rationale { pairs.append(("rationale", .array(rationale.map { JSONValue(Int($0)) }))) }
        if let training { pairs.append(("training", JSONValue(training))) }
        return .object(JSONObject(pairs))
    }

    /// A record from its JSON.
    public init(_ json: JSONCursor) throws {
        task = try json.field("task").string()
        example = try json.field("example").string()
        explainer = try json.field("explainer").string()
        let statusText = try json.field("status").string()
        guard let status = Status(rawValue: statusText) else { throw try json.field("status").mismatch("ok, skipped or failed") }
        self.status = status
        reason = try json.optionalField("reason")?.string()
        var metrics: [String: Double?] = [:]
        let metricsCursor = try json.field("metrics")
        for key in try metricsCursor.object().keys {
            metrics.updateValue(try metricsCursor.optionalField(key)?.double(), forKey: key)
        }
        self.metrics = metrics
        forwardPasses = try json.field("forward_passes").integer()
        backwardPasses = try json.field("backward_passes").integer()
        seconds = try json.field("seconds").double()
        features = try json.field("features").strings()
        scores = try json.field("scores").doubles().map(Float.init)
        rationale = try json.optionalField("rationale")?.integers(allowed: 0...1).map(UInt8.init)
        training = try json.optionalField("training")?.string()
    }
}
