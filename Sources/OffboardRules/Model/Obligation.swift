public import OffboardCore

/// One thing the law requires after a separation (final wages, a notice), for one separation path.
public struct Obligation: Sendable {
    public var id: String
    public var kind: ObligationKind
    public var title: String
    public var actor: Actor
    public var nature: Nature
    public var appliesWhen: [Condition]
    /// Effective-dated versions, oldest first, not overlapping.
    public var versions: [RuleVersion]
    public var examples: [RuleExample]
    /// Where the obligation starts in its file.
    public var location: SourceLocation

    public init(
        id: String, kind: ObligationKind, title: String, actor: Actor, nature: Nature, appliesWhen: [Condition],
        versions: [RuleVersion], examples: [RuleExample], location: SourceLocation
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.actor = actor
        self.nature = nature
        self.appliesWhen = appliesWhen
        self.versions = versions
        self.examples = examples
        self.location = location
    }

    /// The version in force on `date`, if any.
    public func version(on date: CivilDate) -> RuleVersion? {
        versions.last { $0.effective <= date && ($0.until.map { date <= $0 } ?? true) }
    }

    /// Whether offboard acts on this obligation itself (fires it) or only tracks someone else's deadline.
    public var handling: Handling {
        actor == .employer && nature == .deadline ? .fire : .track
    }
}

/// What kind of obligation this is; the scheduler maps kinds to connectors.
public enum ObligationKind: String, CaseIterable, Sendable {
    case finalPay = "final_pay"
    case cobraEmployerNotice = "cobra_employer_notice"
    case cobraElectionNotice = "cobra_election_notice"
    case cobraElectionWindowEnd = "cobra_election_window_end"
    case benefitsCoverageEnd = "benefits_coverage_end"
    case separationNotice = "separation_notice"
    /// The employer tells the insurer of a state-continuation qualifying event.
    case continuationEmployerNotice = "continuation_employer_notice"
    /// The continuation election notice to the beneficiary (often the insurer's duty).
    case continuationNotice = "continuation_notice"
    case continuationElectionWindowEnd = "continuation_election_window_end"
}

/// Who must act.
public enum Actor: String, CaseIterable, Sendable {
    case employer
    case planAdministrator = "plan_administrator"
    case insurer
    case qualifiedBeneficiary = "qualified_beneficiary"
    case employee
    case stateAgency = "state_agency"
}

/// A deadline binds its actor to act by the date; a minimum window must stay open at least until it.
public enum Nature: String, CaseIterable, Sendable {
    case deadline
    case minimumWindow = "minimum_window"
}

public enum Handling: String, Sendable {
    /// offboard performs (or asks a person to perform) the action and escalates if it is late.
    case fire
    /// offboard records the date and verifies it; someone else acts, or it is a window to keep open.
    case track
}

/// An `applies_when` test on the separation.
public enum Condition: Sendable, Equatable {
    case separationType(Set<SeparationType>)
    /// Notice given before the separation, compared with a length (`at_least` or `less_than`).
    case notice(NoticeComparison, NoticeLength)
    case groupHealthPlan(Bool)
    case grossMisconduct(Bool)
    /// `benefits.employer_size` within bounds (`at_least` inclusive, `less_than` exclusive).
    case employerSize(atLeast: Int?, lessThan: Int?)
    case planAdministrator(PlanAdministrator)
    case coverageEnd(CoverageEndRule)
    case planFunding(PlanFunding)
    /// Whether the separation is part of a business or site closing.
    case businessClosing(Bool)
    /// Whether the employee has made a written demand for the wages (`demand: made | not_made`).
    case demandMade(Bool)
    /// Whether the employee has returned the employer's property.
    case propertyReturned(Bool)
    /// The day of month of the separation date within bounds (inclusive).
    case separationDay(atLeast: Int?, atMost: Int?)
}

public enum NoticeComparison: String, Sendable, CaseIterable {
    case atLeast = "at_least"
    case lessThan = "less_than"
}

public enum NoticeLength: Sendable, Equatable, CustomStringConvertible {
    case hours(Int)
    case calendarDays(Int)
    /// Hours that fall on business days of the jurisdiction's calendar (Oregon's 48 hours' notice
    /// "excluding Saturdays, Sundays and holidays").
    case businessHours(Int)
    /// Whole pay periods: the notice spans at least as many days as that many pay periods of the
    /// employee's schedule (Hawaii, New Hampshire).
    case payPeriods(Int)

    public static let unitNames = ["hours", "calendar_days", "business_hours", "pay_periods"]

    public var description: String {
        switch self {
        case let .hours(n): return "\(n) hours"
        case let .calendarDays(n): return "\(n) calendar days"
        case let .businessHours(n): return "\(n) business hours"
        case let .payPeriods(n): return "\(n) pay period\(n == 1 ? "" : "s")"
        }
    }
}
