import Foundation

/// Writes every rendering of a store's leaderboard into a folder: `leaderboard.md`, `leaderboard.csv`,
/// `leaderboard.json` and `leaderboard.html` (deterministic except the HTML's throughput figures), and
/// `timing.md` (wall-clock figures and peak memory: the only file expected to differ between runs).
public enum LeaderboardWriter {
    /// The files written, by name.
    public static let fileNames = ["leaderboard.md", "leaderboard.csv", "leaderboard.json", "leaderboard.html", "timing.md"]

    /// Renders `records` and writes the files into `folder` (created when missing); returns the board.
    /// `peakResidentMegabytes` is the run's own peak memory, nil when this process did not run the units.
    @discardableResult
    public static func write(records: [UnitRecord], provenance: Provenance, to folder: String,
                             peakResidentMegabytes: Double?) throws -> Leaderboard {
        let board = Leaderboard(records: records, resamples: provenance.resamples, seed: provenance.seed)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let files = [
            "leaderboard.md": MarkdownRenderer.render(board, provenance: provenance),
            "leaderboard.csv": CSVRenderer.render(board),
            "leaderboard.json": JSONRenderer.render(board, provenance: provenance),
            "leaderboard.html": HTMLRenderer.render(board, records: records, provenance: provenance),
            "timing.md": MarkdownRenderer.renderTiming(board, peakResidentMegabytes: peakResidentMegabytes),
        ]
        for (name, text) in files {
            let path = (folder as NSString).appendingPathComponent(name)
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw BenchRunnerError.store(path: path, reason: "cannot write the leaderboard (\(error))")
            }
        }
        return board
    }

    /// The peak resident memory of this process so far, in MB.
    public static var peakResidentMegabytes: Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
