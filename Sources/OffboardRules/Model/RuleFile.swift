public import OffboardCore

/// One jurisdiction's rules, as loaded from `Rules/XX.yaml` (schema `offboard-rules/1`).
public struct RuleFile: Sendable {
    public static let schema = "offboard-rules/1"

    /// The path the file was loaded from, as shown in diagnostics.
    public var path: String
    public var jurisdiction: Jurisdiction
    public var reviewed: Review
    public var obligations: [Obligation]

    public init(path: String, jurisdiction: Jurisdiction, reviewed: Review, obligations: [Obligation]) {
        self.path = path
        self.jurisdiction = jurisdiction
        self.reviewed = reviewed
        self.obligations = obligations
    }
}

/// Who the rules of a file bind, and in which zone and calendar their days are counted.
public struct Jurisdiction: Sendable {
    /// `US` for federal law, otherwise the two-letter state code (`CA`, `DC`).
    public var code: String
    public var name: String
    /// The zone days are counted in; `nil` for federal rules, which use the worksite's zone.
    public var timeZone: Zone?
    /// The id of the business-day calendar (`Rules/calendars/<id>.yaml`).
    public var calendar: String

    public init(code: String, name: String, timeZone: Zone?, calendar: String) {
        self.code = code
        self.name = name
        self.timeZone = timeZone
        self.calendar = calendar
    }

    public var isFederal: Bool { code == "US" }
}

/// When counsel last confirmed the file against the law, and who.
public struct Review: Sendable {
    public var on: CivilDate
    public var by: String

    public init(on: CivilDate, by: String) {
        self.on = on
        self.by = by
    }
}
