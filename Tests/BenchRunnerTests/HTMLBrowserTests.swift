import BenchRunner
import Foundation
import Testing

/// The HTML leaderboard in a real browser: headless Chromium renders it without console errors, and
/// the screenshot shows tables, bars and heatmaps (not a blank page).
@Suite struct HTMLBrowserTests {
    static func chromium() throws -> String {
        let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) },
                            "Chromium is not installed: run scripts/install-system-deps.sh (Debian package `chromium`)")
    }

    @Test func theLeaderboardPageRendersWithoutErrors() throws {
        let browser = try Self.chromium()
        let folder = try RunnerFixtures.temporaryFolder()
        let store = folder + "/store.jsonl"
        try RunnerFixtures.run(store: store)
        try LeaderboardWriter.write(records: RunStore(path: store).sortedRecords, provenance: RunnerFixtures.provenance,
                                    to: folder, peakResidentMegabytes: 0)
        let html = try String(contentsOfFile: folder + "/leaderboard.html", encoding: .utf8)
        #expect(!html.contains("<script"), "no JavaScript")
        #expect(!html.contains("http://") && !html.contains("https://"), "no network resources")
        #expect(html.components(separatedBy: "<svg").count - 1 >= 6, "bar charts and scatters are inline SVG")

        let screenshot = folder + "/page.png"
        defer { try? FileManager.default.copyItem(atPath: screenshot, toPath: NSTemporaryDirectory() + "attribench-leaderboard-screenshot.png") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                             "--user-data-dir=\(folder)/profile", "--window-size=1200,1600", "--screenshot=\(screenshot)",
                             "file://\(folder)/leaderboard.html"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "chromium exited with \(process.terminationStatus): \(log.suffix(2000))")
        let consoleErrors = log.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        #expect(consoleErrors.isEmpty, "console messages: \(consoleErrors)")
        let pixels = try PNGPixels(contentsOf: screenshot)
        #expect(pixels.width == 1200 && pixels.height == 1600)
        #expect(pixels.inkedFraction > 0.02, "the page is blank: \(pixels.inkedFraction) of pixels are not white")
        #expect(pixels.colourCount > 20, "the page has too few colours for tables, bars and heatmaps: \(pixels.colourCount)")
    }
}
