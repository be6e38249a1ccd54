/// An employee's pay calendar: which pay period a date falls in, and that period's regular payday.
///
/// Pay periods are (start, end, payday) triples, never a bare list of paydays, because statutes tie final
/// pay to "the regular payday for the pay period in which the separation occurred", which with payroll lag
/// can be one or two paydays out. Derivation from the event's `payroll`:
///
/// | frequency | periods | payday |
/// |---|---|---|
/// | `weekly`, `biweekly` | 7 or 14 days, aligned so that one period ends `lag_days` before `anchor_payday` | period end + `lag_days` |
/// | `semimonthly` | the 1st–15th and the 16th–last day of each month | period end + `lag_days` |
/// | `monthly` | the calendar month | period end + `lag_days` |
/// | explicit `periods` | exactly as given | as given |
public struct PaySchedule: Sendable {
    public let payroll: TerminationEvent.Payroll

    public init(_ payroll: TerminationEvent.Payroll) { self.payroll = payroll }

    /// The pay period containing `date`.
    /// - Throws: ``MissingInput`` naming the payroll field a derivation lacks, or when explicit periods
    ///   do not cover `date`.
    public func period(containing date: CivilDate) throws(MissingInput) -> PayPeriod {
        if let periods = payroll.periods {
            guard let p = periods.first(where: { $0.start <= date && date <= $0.end }) else {
                throw MissingInput(field: "payroll.periods", purpose: "to cover \(date) with a pay period")
            }
            return p
        }
        let purpose = "to derive \(payroll.frequency.rawValue) pay periods (or give payroll.periods)"
        guard let lag = payroll.lagDays else { throw MissingInput(field: "payroll.lag_days", purpose: purpose) }
        switch payroll.frequency {
        case .weekly, .biweekly:
            guard let anchor = payroll.anchorPayday else {
                throw MissingInput(field: "payroll.anchor_payday", purpose: purpose)
            }
            let length = payroll.frequency == .weekly ? 7 : 14
            let anchorStart = anchor.adding(days: -lag - length + 1)
            let offset = anchorStart.days(until: date)
            let k = offset >= 0 ? offset / length : -((-offset + length - 1) / length)
            let start = anchorStart.adding(days: k * length)
            let end = start.adding(days: length - 1)
            return PayPeriod(start: start, end: end, payday: end.adding(days: lag))
        case .semimonthly:
            let first = CivilDate(year: date.year, month: date.month, day: 1)!
            let start = date.day <= 15 ? first : first.adding(days: 15)
            let end = date.day <= 15 ? first.adding(days: 14) : date.lastDayOfMonth
            return PayPeriod(start: start, end: end, payday: end.adding(days: lag))
        case .monthly:
            let start = CivilDate(year: date.year, month: date.month, day: 1)!
            return PayPeriod(start: start, end: date.lastDayOfMonth, payday: date.lastDayOfMonth.adding(days: lag))
        }
    }

    /// The pay period after `period` (for "the following payday" rules).
    public func period(after period: PayPeriod) throws(MissingInput) -> PayPeriod {
        try self.period(containing: period.end.adding(days: 1))
    }
}
