/// The one document that starts an offboarding: "this employee's employment ends".
///
/// It arrives by HRIS webhook, CLI or CSV import, always as this schema (version 1), and is read by
/// ``TerminationEventParser``, which reports every problem with its field path. Field names are the
/// JSON names, in snake_case; see the README's "The termination event".
public struct TerminationEvent: Sendable, Equatable {
    public var eventId: String
    public var employee: Employee
    public var separation: Separation
    public var payroll: Payroll?
    public var benefits: Benefits?
    public var assets: [Asset]
    public var accounts: [Account]
    public var manager: Manager?

    public init(
        eventId: String, employee: Employee, separation: Separation, payroll: Payroll? = nil,
        benefits: Benefits? = nil, assets: [Asset] = [], accounts: [Account] = [], manager: Manager? = nil
    ) {
        self.eventId = eventId
        self.employee = employee
        self.separation = separation
        self.payroll = payroll
        self.benefits = benefits
        self.assets = assets
        self.accounts = accounts
        self.manager = manager
    }

    public struct Employee: Sendable, Equatable {
        public var id: String
        /// Two-letter postal code of the worksite's state (or `DC`); selects the rule file.
        public var workState: String
        /// IANA zone of the worksite; when absent, the jurisdiction's zone from its rule file.
        public var timeZone: String?

        public init(id: String, workState: String, timeZone: String? = nil) {
            self.id = id
            self.workState = workState
            self.timeZone = timeZone
        }
    }

    public struct Separation: Sendable, Equatable {
        public var type: SeparationType
        /// The instant employment ends (a discharge's moment, or the end of the last shift of a quit).
        public var effectiveAt: Instant
        public var lastDayWorked: CivilDate?
        public var noticeGivenAt: Instant?
        /// A determination by legal that the termination was for gross misconduct (excludes COBRA).
        public var grossMisconduct: Bool?
        /// When the employee made a written demand or request for the final wages (MN, ID, MO …).
        public var demandAt: Instant?
        /// Whether the separation is part of the employer closing the business or site (RI, WI).
        public var businessClosing: Bool?
        /// When the employee returned all employer property (SD).
        public var propertyReturnedAt: Instant?

        public init(
            type: SeparationType, effectiveAt: Instant, lastDayWorked: CivilDate? = nil,
            noticeGivenAt: Instant? = nil, grossMisconduct: Bool? = nil, demandAt: Instant? = nil,
            businessClosing: Bool? = nil, propertyReturnedAt: Instant? = nil
        ) {
            self.type = type
            self.effectiveAt = effectiveAt
            self.lastDayWorked = lastDayWorked
            self.noticeGivenAt = noticeGivenAt
            self.grossMisconduct = grossMisconduct
            self.demandAt = demandAt
            self.businessClosing = businessClosing
            self.propertyReturnedAt = propertyReturnedAt
        }
    }

    public struct Payroll: Sendable, Equatable {
        public var frequency: PayFrequency
        /// A known regular payday; with `lag_days` it fixes a weekly or biweekly cycle.
        public var anchorPayday: CivilDate?
        /// Calendar days from the end of a pay period to its payday (0 = paid on the last day of the period).
        public var lagDays: Int?
        /// Explicit pay periods; when present they override everything derived from the frequency.
        public var periods: [PayPeriod]?

        public init(frequency: PayFrequency, anchorPayday: CivilDate? = nil, lagDays: Int? = nil, periods: [PayPeriod]? = nil) {
            self.frequency = frequency
            self.anchorPayday = anchorPayday
            self.lagDays = lagDays
            self.periods = periods
        }
    }

    public struct Benefits: Sendable, Equatable {
        public var groupHealthPlan: Bool
        /// Employees, as counted by the COBRA small-employer test (prior calendar year).
        public var employerSize: Int
        public var planAdministrator: PlanAdministrator
        public var coverageEnd: CoverageEndRule
        /// Whether the health plan is insured or self-funded (state continuation laws bind insured plans).
        public var funding: PlanFunding?

        public init(
            groupHealthPlan: Bool, employerSize: Int, planAdministrator: PlanAdministrator, coverageEnd: CoverageEndRule,
            funding: PlanFunding? = nil
        ) {
            self.groupHealthPlan = groupHealthPlan
            self.employerSize = employerSize
            self.planAdministrator = planAdministrator
            self.coverageEnd = coverageEnd
            self.funding = funding
        }
    }

    public struct Asset: Sendable, Equatable {
        public var id: String
        public var kind: String
        public init(id: String, kind: String) {
            self.id = id
            self.kind = kind
        }
    }

    public struct Account: Sendable, Equatable {
        public var system: String
        public var accountId: String
        public init(system: String, accountId: String) {
            self.system = system
            self.accountId = accountId
        }
    }

    public struct Manager: Sendable, Equatable {
        public var id: String
        public init(id: String) { self.id = id }
    }
}

public enum SeparationType: String, CaseIterable, Sendable {
    case voluntary, involuntary, layoff, retirement, death
}

public enum PayFrequency: String, CaseIterable, Sendable {
    case weekly, biweekly, semimonthly, monthly
}

public enum PlanAdministrator: String, CaseIterable, Sendable {
    case employer
    case thirdParty = "third_party"
}

public enum PlanFunding: String, CaseIterable, Sendable {
    case insured
    case selfFunded = "self_funded"
}

/// When active-employee health coverage ends, as the plan document says.
public enum CoverageEndRule: String, CaseIterable, Sendable {
    /// The last day of the month in which the separation falls.
    case endOfMonth = "end_of_month"
    /// The separation date itself.
    case separationDate = "separation_date"
}

/// One pay period and the regular payday on which its wages are paid.
public struct PayPeriod: Sendable, Equatable {
    public var start: CivilDate
    public var end: CivilDate
    public var payday: CivilDate

    public init(start: CivilDate, end: CivilDate, payday: CivilDate) {
        self.start = start
        self.end = end
        self.payday = payday
    }
}
