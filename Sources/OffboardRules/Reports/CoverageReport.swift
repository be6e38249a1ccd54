public import OffboardCore

/// What the rule set covers, for legal: every jurisdiction's obligations with the versions in force on a
/// given day, their citations, and how fresh each file's review is.
public struct CoverageReport: Sendable {
    public struct Row: Sendable {
        public var jurisdiction: String
        public var jurisdictionName: String
        public var kind: ObligationKind
        public var obligationId: String
        public var actor: Actor
        public var handling: Handling
        /// The version in force on the report's day, if any.
        public var inForce: RuleVersion?
        /// Whether that version sets no deadline (`deadline: none`).
        public var noStatutoryDeadline: Bool
        public var reviewed: Review
        /// The review is more than 12 months old on the report's day.
        public var reviewStale: Bool
        public var file: String
    }

    public var today: CivilDate
    public var rows: [Row]

    /// - Parameter today: the civil date the report is "as of" (versions in force, review age).
    public init(rules: RuleSet, today: CivilDate) {
        self.today = today
        let limit = (try? today.adding(months: -12, policy: .lastDayOfMonth)) ?? today
        rows = rules.files.values.flatMap { file in
            file.obligations.map { obligation in
                let version = obligation.version(on: today)
                return Row(
                    jurisdiction: file.jurisdiction.code, jurisdictionName: file.jurisdiction.name, kind: obligation.kind,
                    obligationId: obligation.id, actor: obligation.actor, handling: obligation.handling, inForce: version,
                    noStatutoryDeadline: version?.deadline == .noDeadline, reviewed: file.reviewed,
                    reviewStale: file.reviewed.on < limit, file: file.path)
            }
        }
        .sorted { ($0.jurisdiction, $0.kind.rawValue, $0.obligationId) < ($1.jurisdiction, $1.kind.rawValue, $1.obligationId) }
    }

    /// State jurisdictions covered (federal excluded).
    public var stateJurisdictions: [String] {
        Array(Set(rows.map(\.jurisdiction)).subtracting(["US"])).sorted()
    }

    /// Obligations with no version in force on the report's day.
    public var withoutVersionInForce: [Row] { rows.filter { $0.inForce == nil } }

    /// Obligations whose version in force has an empty citation (the loader forbids it; reported anyway).
    public var withoutCitation: [Row] { rows.filter { ($0.inForce?.source.citation ?? "").isEmpty } }

    /// Jurisdictions whose file review is older than 12 months.
    public var staleJurisdictions: [String] { Array(Set(rows.filter(\.reviewStale).map(\.jurisdiction))).sorted() }
}
