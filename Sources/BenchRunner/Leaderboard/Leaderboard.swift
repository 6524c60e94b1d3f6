import Metrics

/// The leaderboard of a run store: per task, explainers × metrics with means, 95% bootstrap intervals,
/// the best per column and the entries not significantly worse than it (paired bootstrap, p ≥ 0.05);
/// passes per example; and an overall ranking by mean rank over every (task, metric) column.
/// Built only from the records (sorted by unit key), so any store with the same records — one run,
/// a resumed run, merged shards — gives the same leaderboard.
public struct Leaderboard: Sendable {
    /// One cell: a metric of an explainer on a task.
    public struct Cell: Sendable, Equatable {
        /// The aggregate and its 95% interval.
        public var mean: Double, lower: Double, upper: Double
        /// Examples it is computed over.
        public var count: Int
        /// The best of its column.
        public var isBest = false
        /// Not significantly different from the best (paired bootstrap p ≥ 0.05); true for the best itself.
        public var tiesBest = false
        /// The paired bootstrap test of this row minus the best on their common examples (nil for the best).
        public var versusBest: Bootstrap.PairedTest?
    }

    /// One explainer's row on a task.
    public struct Row: Sendable, Equatable {
        /// The explainer.
        public var explainer: String
        /// Cells by metric name (absent where the explainer has no value).
        public var cells: [String: Cell]
        /// Units ok, skipped and failed.
        public var ok: Int, skipped: Int, failed: Int
        /// Mean forward and backward passes per explained example.
        public var forwardPasses: Double, backwardPasses: Double
        /// Mean wall seconds per explained example (timing; not part of the deterministic outputs).
        public var seconds: Double
        /// Why units were skipped (first reason), if any.
        public var skipReason: String?
        /// How a learned explainer was trained (the first ok record's `training`), if it was.
        public var training: String?
    }

    /// One task's table.
    public struct TaskTable: Sendable, Equatable {
        /// The task id.
        public var task: String
        /// Examples in the task.
        public var examples: Int
        /// The metric columns present.
        public var columns: [MetricColumn]
        /// One row per explainer, by id.
        public var rows: [Row]
    }

    /// The tables, by task id.
    public var tasks: [TaskTable]
    /// (explainer, mean rank) from best to worst.
    public var ranking: [(explainer: String, meanRank: Double, columns: Int)]

    /// Aggregates `records` (any order) with `resamples` bootstrap resamples seeded by `seed`.
    public init(records: [UnitRecord], resamples: Int = 1000, seed: UInt64 = 0) {
        let sorted = records.sorted { $0.key < $1.key }
        var tasks: [TaskTable] = []
        for task in Set(sorted.map(\.task)).sorted() {
            let taskRecords = sorted.filter { $0.task == task }
            let explainers = Set(taskRecords.map(\.explainer)).sorted()
            let examples = Set(taskRecords.map(\.example)).sorted()
            let present = Set(taskRecords.flatMap { $0.metrics.keys })
            let columns = MetricColumn.all.filter { $0.keys.allSatisfy(present.contains) }
            var rows = explainers.map { explainer -> Row in
                let mine = taskRecords.filter { $0.explainer == explainer }
                let ok = mine.filter { $0.status == .ok }
                let n = Double(max(ok.count, 1))
                var cells: [String: Cell] = [:]
                for column in columns {
                    if let cell = Self.cell(column, records: ok, resamples: resamples, seed: seed) { cells[column.name] = cell }
                }
                return Row(explainer: explainer, cells: cells, ok: ok.count, skipped: mine.filter { $0.status == .skipped }.count,
                           failed: mine.filter { $0.status == .failed }.count,
                           forwardPasses: Double(ok.reduce(0) { $0 + $1.forwardPasses }) / n,
                           backwardPasses: Double(ok.reduce(0) { $0 + $1.backwardPasses }) / n,
                           seconds: ok.reduce(0) { $0 + $1.seconds } / n,
                           skipReason: mine.first { $0.status == .skipped }?.reason,
                           training: ok.first { $0.training != nil }?.training)
            }
            for column in columns {
                Self.markBest(column, rows: &rows, records: taskRecords, resamples: resamples, seed: seed)
            }
            tasks.append(TaskTable(task: task, examples: examples.count, columns: columns, rows: rows))
        }
        self.tasks = tasks
        self.ranking = Self.rank(tasks)
    }

    /// The aggregate of one column over an explainer's ok records.
    static func cell(_ column: MetricColumn, records: [UnitRecord], resamples: Int, seed: UInt64) -> Cell? {
        switch column.aggregate {
        case .mean(let key):
            let values = records.compactMap { $0.metrics[key] ?? nil }
            guard let interval = Bootstrap.meanInterval(values, resamples: resamples, seed: seed) else { return nil }
            return Cell(mean: interval.estimate, lower: interval.lower, upper: interval.upper, count: values.count)
        case let .f1OfMeans(precisionKey, recallKey):
            let pairs = records.compactMap { record -> (Double, Double)? in
                guard let p = record.metrics[precisionKey] ?? nil, let r = record.metrics[recallKey] ?? nil else { return nil }
                return (p, r)
            }
            let f1: ([Int]) -> Double = { indices in
                let p = indices.reduce(0) { $0 + pairs[$1].0 } / Double(indices.count)
                let r = indices.reduce(0) { $0 + pairs[$1].1 } / Double(indices.count)
                return p + r > 0 ? 2 * p * r / (p + r) : 0
            }
            guard let interval = Bootstrap.interval(count: pairs.count, resamples: resamples, seed: seed, statistic: f1) else { return nil }
            return Cell(mean: interval.estimate, lower: interval.lower, upper: interval.upper, count: pairs.count)
        }
    }

    /// Marks the best row of a column and the rows a paired bootstrap cannot tell from it.
    static func markBest(_ column: MetricColumn, rows: inout [Row], records: [UnitRecord], resamples: Int, seed: UInt64) {
        let candidates = rows.indices.filter { rows[$0].cells[column.name] != nil }
        guard let best = candidates.max(by: { a, b in
            let x = rows[a].cells[column.name]!.mean, y = rows[b].cells[column.name]!.mean
            return column.higherIsBetter ? (x < y || (x == y && rows[a].explainer > rows[b].explainer))
                                         : (x > y || (x == y && rows[a].explainer > rows[b].explainer))
        }) else { return }
        rows[best].cells[column.name]!.isBest = true
        rows[best].cells[column.name]!.tiesBest = true
        guard case .mean(let key) = column.aggregate else { return }
        let bestValues = perExample(key, explainer: rows[best].explainer, records: records)
        for index in candidates where index != best {
            let other = perExample(key, explainer: rows[index].explainer, records: records)
            let common = bestValues.keys.filter { other[$0] != nil }.sorted()
            guard common.count >= 2,
                  let test = Bootstrap.pairedTest(common.map { bestValues[$0]! }, common.map { other[$0]! }, resamples: resamples, seed: seed)
            else { continue }
            rows[index].cells[column.name]!.tiesBest = test.pValue >= 0.05
            rows[index].cells[column.name]!.versusBest = Bootstrap.pairedTest(common.map { other[$0]! }, common.map { bestValues[$0]! },
                                                                             resamples: resamples, seed: seed)
        }
    }

    static func perExample(_ key: String, explainer: String, records: [UnitRecord]) -> [String: Double] {
        var values: [String: Double] = [:]
        for record in records where record.explainer == explainer && record.status == .ok {
            if let value = record.metrics[key] ?? nil { values[record.example] = value }
        }
        return values
    }

    /// Mean rank of each explainer over every (task, metric) column (1 = best; ties share the mean rank).
    static func rank(_ tasks: [TaskTable]) -> [(explainer: String, meanRank: Double, columns: Int)] {
        var totals: [String: (sum: Double, count: Int)] = [:]
        for task in tasks {
            for column in task.columns {
                let scored = task.rows.compactMap { row in row.cells[column.name].map { (row.explainer, column.higherIsBetter ? -$0.mean : $0.mean) } }
                let ranks = RankCorrelation.averageRanks(scored.map(\.1))
                for ((explainer, _), rank) in zip(scored, ranks) {
                    totals[explainer, default: (0, 0)].sum += rank
                    totals[explainer, default: (0, 0)].count += 1
                }
            }
        }
        return totals.map { (explainer: $0.key, meanRank: $0.value.sum / Double($0.value.count), columns: $0.value.count) }
            .sorted { $0.meanRank < $1.meanRank || ($0.meanRank == $1.meanRank && $0.explainer < $1.explainer) }
    }
}
