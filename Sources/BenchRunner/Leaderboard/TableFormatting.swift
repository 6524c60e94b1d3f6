import Foundation

/// Number formatting shared by the renderers: fixed decimals, so tables are byte-stable.
enum TableFormatting {
    /// `0.1234` with `digits` decimals.
    static func number(_ value: Double, digits: Int = 3) -> String {
        guard value.isFinite else { return "nan" }
        let text = String(format: "%.\(digits)f", value)
        return text == "-" + String(format: "%.\(digits)f", 0.0) ? String(format: "%.\(digits)f", 0.0) : text
    }

    /// `mean [lower, upper]`.
    static func interval(_ cell: Leaderboard.Cell) -> String {
        "\(number(cell.mean)) [\(number(cell.lower)), \(number(cell.upper))]"
    }

    /// The arrow saying which direction is better.
    static func arrow(_ column: MetricColumn) -> String { column.higherIsBetter ? "↑" : "↓" }
}
