import ExplainerKit
import Foundation

/// `attribench explain --html`: each explainer's word (or source) scores as colour over the text, in one
/// self-contained page (no network, no script). Positive scores are orange, negative blue, each row
/// scaled by its largest magnitude.
enum ExplanationPage {
    /// The page for `attributions` of one input.
    static func render(_ attributions: [(id: String, attribution: Attribution)], target: String) -> String {
        var rows = ""
        for (id, attribution) in attributions {
            let scale = max(attribution.featureScores.map { abs(Double($0)) }.max() ?? 0, 1e-12)
            var spans = ""
            for (word, score) in zip(attribution.features, attribution.featureScores) {
                let value = Double(score) / scale
                let alpha = String(format: "%.2f", abs(value))
                let colour = value >= 0 ? "rgba(217,72,15,\(alpha))" : "rgba(76,110,245,\(alpha))"
                spans += "<span title=\"\(escape(String(format: "%.4g", Double(score))))\" style=\"background:\(colour)\">\(escape(word))</span> "
            }
            rows += "<tr><td>\(escape(id))</td><td class=\"heat\">\(spans)</td></tr>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>attribench explain</title>
            <style>body{font-family:sans-serif;margin:2em}td{padding:.4em;vertical-align:top}\
            .heat span{padding:0 .15em;border-radius:3px;line-height:1.8}.muted{color:#666}</style></head>
            <body><h1>attribench explain</h1><p class="muted">target: \(escape(target)); orange supports it, blue opposes it</p>
            <table>
            \(rows)</table></body></html>

            """
    }

    /// `text` with HTML's special characters escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
