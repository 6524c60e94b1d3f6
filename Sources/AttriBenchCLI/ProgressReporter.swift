import BenchRunner
import Foundation

/// Progress of a run on standard error: a live line per task on a terminal (done/total, ETA, current
/// explainer), plain log lines every 10% elsewhere (CI).
final class ProgressReporter {
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var task = ""
    private var start = Date()
    private var lastDecile = -1

    func report(_ progress: Runner.Progress) {
        if progress.task != task {
            if isTerminal && !task.isEmpty { write("\n") }
            task = progress.task
            start = Date()
            lastDecile = -1
        }
        let elapsed = Date().timeIntervalSince(start)
        let fraction = Double(progress.done) / Double(max(progress.total, 1))
        let eta = fraction > 0 ? elapsed / fraction * (1 - fraction) : 0
        let line = "\(progress.task): \(progress.done)/\(progress.total) units, ETA \(Int(eta)) s, \(progress.explainer)"
        if isTerminal {
            write("\r\u{1B}[2K" + line)
        } else if Int(fraction * 10) > lastDecile {
            lastDecile = Int(fraction * 10)
            write("attribench: " + line + "\n")
        }
    }

    func finish() {
        if isTerminal && !task.isEmpty { write("\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
