import Foundation
import Training

/// Fine-tune progress on standard error: a live bar on a terminal (epoch, step, loss, examples/s,
/// ETA), a plain log line every 5% of the steps elsewhere.
final class TrainingProgress {
    private let task: String
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastTwentieth = -1
    private var drew = false

    init(task: String) { self.task = task }

    func report(_ p: FineTuner.Progress) {
        let fraction = Double(p.step) / Double(max(p.totalSteps, 1))
        let numbers = String(format: "epoch %d/%d  step %d/%d  loss %.4f  %.1f ex/s  ETA %@",
                             p.epoch, p.epochs, p.step, p.totalSteps, p.loss, p.examplesPerSecond, Self.duration(p.etaSeconds))
        if isTerminal {
            let width = 30, filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            write("\r\u{1B}[2K\(task) \(bar) \(numbers)")
            drew = true
        } else if Int(fraction * 20) > lastTwentieth {
            lastTwentieth = Int(fraction * 20)
            write("attribench: finetune \(task): \(numbers)\n")
        }
    }

    func finish() {
        if drew { write("\n") }
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.isFinite ? seconds : 0)
        return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s % 3600 / 60) : String(format: "%dm%02ds", s / 60, s % 60)
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
