import ArgumentParser
import OffboardCore
import OffboardRules

/// `offboard rules coverage`: what the rules cover, with the versions in force today and review ages.
struct RulesCoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Report jurisdiction × obligation kind: versions in force, citations, review dates and stale reviews.",
        discussion: "A review older than 12 months is flagged STALE. Exit status 0; 65 when the rules do not load."
    )

    @Option(help: "Output format: table, json or csv.")
    var format: CoverageFormat = .table

    @Option(help: ArgumentHelp("The day the report is as of (default: today in UTC).", valueName: "yyyy-mm-dd"))
    var today: String?

    @OptionGroup var rules: RulesOptions

    func run() throws {
        let report = CoverageReport(rules: try rules.load(), today: try Today.resolve(today))
        switch format {
        case .table: Console.out(CoverageRenderer.table(report))
        case .json: Console.out(CoverageRenderer.json(report))
        case .csv: Console.out(CoverageRenderer.csv(report), terminator: "")
        }
    }
}

enum CoverageFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

enum CoverageRenderer {
    static func status(_ row: CoverageReport.Row) -> String {
        guard row.inForce != nil else { return "NO VERSION IN FORCE" }
        return row.noStatutoryDeadline ? "no statutory deadline" : "deadline"
    }

    static func table(_ report: CoverageReport) -> String {
        var rows: [[String]] = [["JUR", "KIND", "OBLIGATION", "ACTOR", "IN FORCE SINCE", "CITATION", "REVIEWED", ""]]
        for row in report.rows {
            rows.append([
                row.jurisdiction, row.kind.rawValue, row.obligationId,
                row.actor.rawValue + (row.handling == .track ? " (tracked)" : ""),
                row.inForce.map { "\($0.effective)" + ($0.deadline == .noDeadline ? " (no deadline)" : "") } ?? "NONE",
                row.inForce?.source.citation ?? "-",
                "\(row.reviewed.on)",
                row.reviewStale ? "STALE" : "",
            ])
        }
        let states = report.stateJurisdictions
        return [
            "Rules coverage as of \(report.today)", "", TextTable.render(rows), "",
            "\(states.count) jurisdictions (\(states.joined(separator: " "))) plus federal rules; \(report.rows.count) obligations; "
                + "\(report.withoutCitation.count) without a citation; \(report.withoutVersionInForce.count) with no version in force; "
                + "\(report.staleJurisdictions.count) files reviewed more than 12 months ago"
                + (report.staleJurisdictions.isEmpty ? "" : " (\(report.staleJurisdictions.joined(separator: " ")))"),
        ].joined(separator: "\n")
    }

    static func json(_ report: CoverageReport) -> String {
        let grouped = Dictionary(grouping: report.rows, by: \.jurisdiction)
        let jurisdictions: [JSONText] = grouped.keys.sorted().map { code in
            let rows = grouped[code]!
            return .object([
                ("code", .string(code)),
                ("name", .string(rows[0].jurisdictionName)),
                ("file", .string(rows[0].file)),
                ("reviewed", .object([("on", .string("\(rows[0].reviewed.on)")), ("by", .string(rows[0].reviewed.by))])),
                ("review_stale", .bool(rows[0].reviewStale)),
                ("obligations", .array(rows.map { row in
                    .object([
                        ("id", .string(row.obligationId)),
                        ("kind", .string(row.kind.rawValue)),
                        ("actor", .string(row.actor.rawValue)),
                        ("handling", .string(row.handling.rawValue)),
                        ("status", .string(status(row))),
                        ("in_force", row.inForce.map { version in
                            .object([
                                ("effective", .string("\(version.effective)")),
                                ("until", .optional(version.until?.description)),
                                ("citation", .string(version.source.citation)),
                                ("url", .optional(version.source.url)),
                            ])
                        } ?? .null),
                    ])
                })),
            ])
        }
        return JSONText.object([
            ("as_of", .string("\(report.today)")),
            ("state_jurisdictions", .number(report.stateJurisdictions.count)),
            ("obligations", .number(report.rows.count)),
            ("without_citation", .number(report.withoutCitation.count)),
            ("without_version_in_force", .number(report.withoutVersionInForce.count)),
            ("jurisdictions", .array(jurisdictions)),
        ]).rendered()
    }

    static func csv(_ report: CoverageReport) -> String {
        var lines = ["jurisdiction,kind,obligation,actor,handling,status,effective,citation,url,reviewed_on,review_stale"]
        for row in report.rows {
            lines.append([
                row.jurisdiction, row.kind.rawValue, row.obligationId, row.actor.rawValue, row.handling.rawValue, status(row),
                row.inForce.map { "\($0.effective)" } ?? "", row.inForce?.source.citation ?? "", row.inForce?.source.url ?? "",
                "\(row.reviewed.on)", row.reviewStale ? "true" : "false",
            ].map(CSVField.quote).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
