public import OffboardCore

/// How a deadline is computed from the separation. See the DocC article "Date semantics".
public indirect enum DeadlineExpression: Sendable, Equatable {
    /// Due at the separation instant itself.
    case immediate
    /// No statute fixes a deadline for this path (`deadline: none`): reported as such, never omitted.
    case noDeadline
    /// An anchor plus an optional offset, then an optional roll off non-business days.
    case offset(anchor: Anchor, add: Offset?, roll: Roll?, onInvalidDate: InvalidDatePolicy?)
    /// The regular payday of the pay period in which a date (the separation date, unless `of` says
    /// `last_day_worked`) falls.
    case nextPayday(NextPaydayBasis, of: Anchor, roll: Roll)
    case earlierOf([DeadlineExpression])
    case laterOf([DeadlineExpression])
}


/// Where a deadline's count starts.
public enum Anchor: Sendable, Equatable, CustomStringConvertible {
    /// The separation instant (`separation.effective_at`).
    case separation
    /// The local date of the separation instant in the worksite zone.
    case separationDate
    /// `separation.last_day_worked`.
    case lastDayWorked
    /// The instant notice was given (`separation.notice_given_at`).
    case noticeGiven
    /// The COBRA qualifying event: the separation date.
    case qualifyingEvent
    /// The last day of active-employee coverage, from the plan's `benefits.coverage_end` rule.
    case coverageEnd
    /// When the applicable obligation of another kind was completed (chained deadlines); until it is,
    /// its due moment stands in, which gives the statutory worst case.
    case completionOf(ObligationKind)

    public var description: String {
        switch self {
        case .separation: return "separation"
        case .separationDate: return "separation_date"
        case .lastDayWorked: return "last_day_worked"
        case .noticeGiven: return "notice_given"
        case .qualifyingEvent: return "qualifying_event"
        case .coverageEnd: return "coverage_end"
        case let .completionOf(kind): return "completion_of \(kind.rawValue)"
        }
    }

    /// Anchors that carry a time of day, so `hours` can be added to them.
    public var isInstant: Bool {
        switch self {
        case .separation, .noticeGiven, .completionOf: return true
        default: return false
        }
    }

    public static let simpleNames: [String: Anchor] = [
        "separation": .separation, "separation_date": .separationDate, "last_day_worked": .lastDayWorked,
        "notice_given": .noticeGiven, "qualifying_event": .qualifyingEvent, "coverage_end": .coverageEnd,
    ]
}

/// A duration in exactly one unit; units are never mixed within one deadline.
public enum Offset: Sendable, Equatable, CustomStringConvertible {
    case hours(Int)
    case calendarDays(Int)
    case businessDays(Int)
    case months(Int)
    case years(Int)

    public static let unitNames = ["hours", "calendar_days", "business_days", "months", "years"]

    public var description: String {
        switch self {
        case let .hours(n): return "\(n) hours"
        case let .calendarDays(n): return "\(n) calendar days"
        case let .businessDays(n): return "\(n) business days"
        case let .months(n): return "\(n) months"
        case let .years(n): return "\(n) years"
        }
    }
}

/// What happens when a date-valued deadline lands on a day that is not a business day.
public enum Roll: String, CaseIterable, Sendable {
    /// Stays where it lands (the safe default when the statute is silent).
    case none
    /// Moves to the next business day (statutory relief such as Tex. Gov't Code § 311.014).
    case nextBusinessDay = "next_business_day"
    /// Moves to the previous business day (a payday on a non-workday, 19 Del. C. § 1102(b)).
    case previousBusinessDay = "previous_business_day"
}

/// Which payday `next_payday` means.
public enum NextPaydayBasis: String, CaseIterable, Sendable {
    /// The regular payday of the pay period in which the separation date falls.
    case payPeriod = "pay_period"
    /// As `pay_period`, but when that payday is the separation date itself, the next period's payday
    /// (40 Tex. Admin. Code § 821.22: an employee who quits on a payday is paid on the following one).
    case afterSeparationDay = "after_separation_day"
}
