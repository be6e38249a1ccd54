public import OffboardCore

/// How a deadline is computed from the separation. See the DocC article "Date semantics".
public indirect enum DeadlineExpression: Sendable, Equatable {
    /// Due at the separation instant itself.
    case immediate
    /// No statute fixes a deadline for this path (`deadline: none`): reported as such, never omitted.
    case noDeadline
    /// An anchor plus an optional offset, then an optional roll off non-business days.
    case offset(anchor: Anchor, add: Offset?, roll: Roll?, onInvalidDate: InvalidDatePolicy?)
    /// A regular payday from the employee's pay schedule.
    case nextPayday(NextPayday)
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
    /// When the employee made a written demand for the wages (`separation.demand_at`).
    case demand
    /// When the employee returned the employer's property (`separation.property_returned_at`).
    case propertyReturned
    /// The last day of the pay period containing the separation date.
    case payPeriodEnd
    /// The last day of the month of the separation date.
    case separationMonthEnd
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
        case .demand: return "demand"
        case .propertyReturned: return "property_returned"
        case .payPeriodEnd: return "pay_period_end"
        case .separationMonthEnd: return "separation_month_end"
        case let .completionOf(kind): return "completion_of \(kind.rawValue)"
        }
    }

    /// Anchors that carry a time of day, so `hours` can be added to them.
    public var isInstant: Bool {
        switch self {
        case .separation, .noticeGiven, .completionOf, .demand, .propertyReturned: return true
        default: return false
        }
    }

    public static let simpleNames: [String: Anchor] = [
        "separation": .separation, "separation_date": .separationDate, "last_day_worked": .lastDayWorked,
        "notice_given": .noticeGiven, "qualifying_event": .qualifyingEvent, "coverage_end": .coverageEnd,
        "demand": .demand, "property_returned": .propertyReturned, "pay_period_end": .payPeriodEnd,
        "separation_month_end": .separationMonthEnd,
    ]
}

/// A duration in exactly one unit; units are never mixed within one deadline.
public enum Offset: Sendable, Equatable, CustomStringConvertible {
    case hours(Int)
    /// Hours counted only while the worksite's local day is a business day (Idaho's 48 hours
    /// "excluding weekends and holidays").
    case businessHours(Int)
    case calendarDays(Int)
    case businessDays(Int)
    case months(Int)
    case years(Int)

    public static let unitNames = ["hours", "business_hours", "calendar_days", "business_days", "months", "years"]

    public var description: String {
        switch self {
        case let .hours(n): return "\(n) hours"
        case let .businessHours(n): return "\(n) business hours"
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

/// A `next_payday` deadline: which payday, counted from which day, and how it rolls.
public struct NextPayday: Sendable, Equatable {
    public var basis: NextPaydayBasis
    /// The day whose pay period counts: the separation date or the last day worked.
    public var of: Anchor
    /// For `first_on_or_after`: the date the payday must not precede.
    public var onOrAfter: DeadlineExpression?
    public var roll: Roll

    public init(basis: NextPaydayBasis, of: Anchor = .separationDate, onOrAfter: DeadlineExpression? = nil, roll: Roll) {
        self.basis = basis
        self.of = of
        self.onOrAfter = onOrAfter
        self.roll = roll
    }
}

/// Which payday `next_payday` means.
public enum NextPaydayBasis: String, CaseIterable, Sendable {
    /// The regular payday of the pay period in which the separation date falls.
    case payPeriod = "pay_period"
    /// As `pay_period`, but when that payday is the separation date itself, the next period's payday
    /// (40 Tex. Admin. Code § 821.22: an employee who quits on a payday is paid on the following one).
    case afterSeparationDay = "after_separation_day"
    /// The first regular payday on or after the date given by `on_or_after` (Alaska: the first payday at
    /// least 3 days after notice; Minnesota quits: the first payday at least 5 days after the last day).
    case firstOnOrAfter = "first_on_or_after"
}
