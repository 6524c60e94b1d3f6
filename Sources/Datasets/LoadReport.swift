/// What a loader did with a split: how many examples it returned and, by reason, how many records
/// it skipped or kept with a remark. Nothing is dropped without being counted here.
public struct LoadReport: Sendable, Equatable, Codable {
    /// Records of one reason, with the first few places they occur.
    public struct Tally: Sendable, Equatable, Codable {
        /// Why the records were skipped or remarked on.
        public var reason: String
        /// How many records.
        public var count: Int
        /// Up to `LoadReport.sampleLimit` locations, in file order.
        public var samples: [String]
    }

    /// How many locations a tally keeps.
    public static let sampleLimit = 5

    /// The task id.
    public var task: String
    /// The split name.
    public var split: String
    /// The file the split was read from (an archive entry as `archive(entry)`).
    public var source: String
    /// How many examples were returned.
    public var loaded: Int = 0
    /// Records not returned, by reason (e.g. an empty text).
    public var skipped: [Tally] = []
    /// Records returned but worth knowing about (e.g. no evidence spans), by reason.
    public var remarks: [Tally] = []
    /// Records of the same file that belong to other splits (selected by the task's split field), by split.
    public var otherSplits: [String: Int] = [:]

    /// An empty report for `task`'s `split`, read from `source`.
    public init(task: String, split: String, source: String) {
        self.task = task
        self.split = split
        self.source = source
    }

    /// The total number of skipped records.
    public var skippedCount: Int { skipped.reduce(0) { $0 + $1.count } }

    /// Counts one skipped record.
    mutating func skip(_ reason: String, at location: SourceLocation) {
        Self.add(reason, at: location.description, to: &skipped)
    }

    /// Counts one skipped record at a place described in words (a key path in a JSON document).
    mutating func skip(_ reason: String, place: String) {
        Self.add(reason, at: place, to: &skipped)
    }

    /// Counts one remarkable (but returned) record.
    mutating func remark(_ reason: String, at location: SourceLocation) {
        Self.add(reason, at: location.description, to: &remarks)
    }

    private static func add(_ reason: String, at place: String, to tallies: inout [Tally]) {
        if let index = tallies.firstIndex(where: { $0.reason == reason }) {
            tallies[index].count += 1
            if tallies[index].samples.count < sampleLimit { tallies[index].samples.append(place) }
        } else {
            tallies.append(Tally(reason: reason, count: 1, samples: [place]))
        }
    }
}

extension LoadReport: CustomStringConvertible {
    /// One line: `sst2/train from sst2_train_rationales.jsonl: 6920 loaded, 0 skipped`, then reasons.
    public var description: String {
        var text = "\(task)/\(split) from \(source): \(loaded) loaded, \(skippedCount) skipped"
        for tally in skipped { text += "; skipped \(tally.count) (\(tally.reason)), e.g. \(tally.samples.joined(separator: ", "))" }
        for tally in remarks { text += "; \(tally.count) with \(tally.reason), e.g. \(tally.samples.joined(separator: ", "))" }
        for (split, count) in otherSplits.sorted(by: { $0.key < $1.key }) {
            text += "; \(count) records of split \"\(split)\" left for it"
        }
        return text
    }
}
