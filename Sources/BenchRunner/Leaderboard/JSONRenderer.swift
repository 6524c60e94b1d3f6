import AttriJSON

/// The leaderboard as JSON, schema `attribench-leaderboard` version 1:
/// `{schema, schema_version, provenance{git_commit, suite, suite_hash, models, data, seed, resamples, machine,
/// threads}, ranking[{explainer, mean_rank, columns}], tasks[{task, examples, metrics[{name, higher_is_better,
/// family}], rows[{explainer, ok, skipped, failed, forward_passes_per_example, backward_passes_per_example,
/// skip_reason?, cells{metric: {mean, ci_lower, ci_upper, examples, best, ties_best}}}]}]}`. No wall-clock figures.
public enum JSONRenderer {
    /// The schema version; bumped when a key is renamed or removed.
    public static let schemaVersion = 1

    /// The JSON text (one line, stable key order, shortest round-trip numbers).
    public static func render(_ board: Leaderboard, provenance: Provenance) -> String {
        JSONWriter.string(value(board, provenance: provenance)) + "\n"
    }

    static func value(_ board: Leaderboard, provenance p: Provenance) -> JSONValue {
        let provenance = JSONObject([
            ("git_commit", JSONValue(p.gitCommit)), ("suite", JSONValue(p.suite)), ("suite_hash", JSONValue(p.suiteHash)),
            ("models", .object(JSONObject(p.models.keys.sorted().map { ($0, JSONValue(p.models[$0]!)) }))),
            ("data", .object(JSONObject(p.data.keys.sorted().map { ($0, JSONValue(p.data[$0]!)) }))),
            ("seed", .integer(Int64(bitPattern: p.seed))), ("resamples", JSONValue(p.resamples)),
            ("machine", JSONValue(p.machine)), ("threads", JSONValue(p.threads)),
        ])
        let ranking = board.ranking.map { entry in
            JSONValue.object(JSONObject([("explainer", JSONValue(entry.explainer)), ("mean_rank", JSONValue(entry.meanRank)),
                                         ("columns", JSONValue(entry.columns))]))
        }
        let tasks = board.tasks.map { table -> JSONValue in
            let metrics = table.columns.map { column in
                JSONValue.object(JSONObject([("name", JSONValue(column.name)), ("higher_is_better", .bool(column.higherIsBetter)),
                                             ("family", JSONValue(column.family))]))
            }
            let rows = table.rows.map { row -> JSONValue in
                var pairs: [(String, JSONValue)] = [
                    ("explainer", JSONValue(row.explainer)), ("ok", JSONValue(row.ok)), ("skipped", JSONValue(row.skipped)),
                    ("failed", JSONValue(row.failed)), ("forward_passes_per_example", JSONValue(row.forwardPasses)),
                    ("backward_passes_per_example", JSONValue(row.backwardPasses)),
                ]
                if let reason = row.skipReason { pairs.append(("skip_reason", JSONValue(reason))) }
                pairs.append(("cells", .object(JSONObject(table.columns.compactMap { column in
                    row.cells[column.name].map { cell in
                        (column.name, JSONValue.object(JSONObject([
                            ("mean", JSONValue(cell.mean)), ("ci_lower", JSONValue(cell.lower)), ("ci_upper", JSONValue(cell.upper)),
                            ("examples", JSONValue(cell.count)), ("best", .bool(cell.isBest)), ("ties_best", .bool(cell.tiesBest)),
                        ])))
                    }
                }))))
                return .object(JSONObject(pairs))
            }
            return .object(JSONObject([("task", JSONValue(table.task)), ("examples", JSONValue(table.examples)),
                                       ("metrics", .array(metrics)), ("rows", .array(rows))]))
        }
        return .object(JSONObject([("schema", JSONValue("attribench-leaderboard")), ("schema_version", JSONValue(schemaVersion)),
                                   ("provenance", .object(provenance)), ("ranking", .array(ranking)), ("tasks", .array(tasks))]))
    }
}
