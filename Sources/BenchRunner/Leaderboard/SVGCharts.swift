import Foundation

/// Inline SVG charts for the HTML page: no scripts, no external resources.
enum SVGCharts {
    /// Escapes text for XML.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Horizontal bars (one per explainer) with 95% CI whiskers.
    static func bars(title: String, entries: [(label: String, cell: Leaderboard.Cell)]) -> String {
        let rowHeight = 22.0, left = 150.0, width = 300.0, top = 24.0
        let height = top + rowHeight * Double(entries.count) + 24
        let values: [Double] = entries.flatMap { [$0.cell.lower, $0.cell.upper, $0.cell.mean] } + [0]
        let low: Double = values.min()!, high: Double = values.max()!
        let span: Double = high - low > 0 ? high - low : 1
        func x(_ v: Double) -> Double { left + (v - low) / span * width }
        var svg = "<svg width=\"\(f(left + width + 70))\" height=\"\(f(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        svg += "<text x=\"4\" y=\"16\" font-size=\"13\" font-weight=\"bold\">\(escape(title))</text>"
        svg += "<line x1=\"\(f(x(0)))\" y1=\"\(f(top - 4))\" x2=\"\(f(x(0)))\" y2=\"\(f(height - 20))\" stroke=\"#999\"/>"
        for (index, entry) in entries.enumerated() {
            let y = top + rowHeight * Double(index)
            let colour = entry.cell.isBest ? "#d9480f" : entry.cell.tiesBest ? "#f08c00" : "#4c6ef5"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 14))\" font-size=\"12\" text-anchor=\"end\">\(escape(entry.label))</text>"
            let a = x(min(0, entry.cell.mean)), b = x(max(0, entry.cell.mean))
            svg += "<rect x=\"\(f(a))\" y=\"\(f(y + 3))\" width=\"\(f(max(b - a, 1)))\" height=\"\(f(rowHeight - 8))\" fill=\"\(colour)\"/>"
            svg += "<line x1=\"\(f(x(entry.cell.lower)))\" y1=\"\(f(y + 11))\" x2=\"\(f(x(entry.cell.upper)))\" y2=\"\(f(y + 11))\" stroke=\"#212529\" stroke-width=\"1.5\"/>"
            for end in [entry.cell.lower, entry.cell.upper] {
                svg += "<line x1=\"\(f(x(end)))\" y1=\"\(f(y + 6))\" x2=\"\(f(x(end)))\" y2=\"\(f(y + 16))\" stroke=\"#212529\" stroke-width=\"1.5\"/>"
            }
            svg += "<text x=\"\(f(left + width + 6))\" y=\"\(f(y + 14))\" font-size=\"11\">\(TableFormatting.number(entry.cell.mean))</text>"
        }
        svg += "<text x=\"\(f(left))\" y=\"\(f(height - 4))\" font-size=\"10\">\(TableFormatting.number(low))</text>"
        svg += "<text x=\"\(f(left + width))\" y=\"\(f(height - 4))\" font-size=\"10\" text-anchor=\"end\">\(TableFormatting.number(high))</text>"
        return svg + "</svg>"
    }

    /// Quality (y) against throughput (x, log scale) with the Pareto frontier (higher both) drawn.
    static func scatter(title: String, points: [(label: String, throughput: Double, quality: Double)]) -> String {
        let left = 50.0, width = 420.0, top = 24.0, height = 240.0
        let usable = points.filter { $0.throughput > 0 && $0.quality.isFinite }
        var svg = "<svg width=\"\(f(left + width + 150))\" height=\"\(f(top + height + 40))\" role=\"img\" aria-label=\"\(escape(title))\">"
        svg += "<text x=\"4\" y=\"16\" font-size=\"13\" font-weight=\"bold\">\(escape(title))</text>"
        svg += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"none\" stroke=\"#999\"/>"
        guard !usable.isEmpty else { return svg + "</svg>" }
        let xs = usable.map { log10($0.throughput) }, ys = usable.map(\.quality)
        let (x0, x1) = (xs.min()! - 0.2, xs.max()! + 0.2), (y0, y1) = (ys.min()! - 0.05, ys.max()! + 0.05)
        func px(_ v: Double) -> Double { left + (log10(v) - x0) / (x1 - x0) * width }
        func py(_ v: Double) -> Double { top + height - (v - y0) / (y1 - y0) * height }
        let frontier = usable.filter { p in !usable.contains { q in q.throughput >= p.throughput && q.quality >= p.quality && (q.throughput > p.throughput || q.quality > p.quality) } }
            .sorted { $0.throughput < $1.throughput }
        if frontier.count > 1 {
            svg += "<polyline fill=\"none\" stroke=\"#d9480f\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\" points=\"" +
                frontier.map { "\(f(px($0.throughput))),\(f(py($0.quality)))" }.joined(separator: " ") + "\"/>"
        }
        for point in usable {
            let onFrontier = frontier.contains { $0.label == point.label }
            svg += "<circle cx=\"\(f(px(point.throughput)))\" cy=\"\(f(py(point.quality)))\" r=\"4\" fill=\"\(onFrontier ? "#d9480f" : "#4c6ef5")\"/>"
            svg += "<text x=\"\(f(px(point.throughput) + 6))\" y=\"\(f(py(point.quality) + 4))\" font-size=\"11\">\(escape(point.label))</text>"
        }
        svg += "<text x=\"\(f(left + width / 2))\" y=\"\(f(top + height + 30))\" font-size=\"11\" text-anchor=\"middle\">examples/s (log scale)</text>"
        svg += "<text x=\"\(f(left))\" y=\"\(f(top + height + 14))\" font-size=\"10\">\(TableFormatting.number(pow(10, x0), digits: 2))</text>"
        svg += "<text x=\"\(f(left + width))\" y=\"\(f(top + height + 14))\" font-size=\"10\" text-anchor=\"end\">\(TableFormatting.number(pow(10, x1), digits: 2))</text>"
        return svg + "</svg>"
    }
}
