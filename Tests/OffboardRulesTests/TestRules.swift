import Foundation
import OffboardCore
import OffboardRules

/// Builds rule sets from inline YAML, and finds the package's own `Rules/`.
enum TestRules {
    /// The repository's `Rules/` directory.
    static var bundledDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Rules").path
    }

    /// The bundled rule set; fails the caller when it does not load.
    static func bundled() throws -> RuleSet {
        let (set, diagnostics) = RuleSet.load(try RuleSet.sources(inDirectory: bundledDirectory, displayedAs: "Rules"))
        guard let set else { throw DiagnosticsError(diagnostics) }
        return set
    }

    /// A weekend-only calendar with one holiday (Independence Day, observed on the nearest weekday).
    static let calendar = """
        schema: offboard-calendar/1
        calendar: { id: T, name: Test calendar, weekend: [saturday, sunday], observed: nearest_weekday }
        source: { citation: "test" }
        reviewed: { on: 2026-01-01, by: tests }
        holidays:
          - { id: independence-day, name: Independence Day, date: { month: 7, day: 4 } }
        """

    /// A one-file rule set for state `XX` in `America/New_York`, with `obligations` appended to the header.
    static func state(_ obligations: String) -> String {
        """
        schema: offboard-rules/1
        jurisdiction: { code: XX, name: Test state, time_zone: America/New_York, calendar: T }
        reviewed: { on: 2026-01-01, by: tests }
        obligations:
        \(obligations)
        """
    }

    static func load(_ files: [String: String]) -> (set: RuleSet?, diagnostics: [Diagnostic]) {
        var sources = files.map { RuleSet.SourceText(path: "Rules/\($0.key).yaml", text: $0.value, isCalendar: false) }
        sources.append(.init(path: "Rules/calendars/T.yaml", text: calendar, isCalendar: true))
        return RuleSet.load(sources)
    }

    static func event(_ json: String) throws -> TerminationEvent {
        try TerminationEventParser.parse(json: json, file: "event.json")
    }
}
