/// What to do when month or year arithmetic lands on a day that does not exist
/// (Jan 31 + 1 month, Feb 29 + 1 year).
///
/// There is no neutral answer (Java clamps, Python refuses, coreutils overflows), so a rule that adds
/// months or years must name its policy. `reject` is the default of the rule format, as in Catala.
public enum InvalidDatePolicy: String, CaseIterable, Sendable {
    /// The computation is an error: the rule author must decide.
    case reject
    /// Round down to the last day of the target month (Jan 31 + 1 month = Feb 28/29).
    case lastDayOfMonth = "last_day_of_month"
    /// Round up to the first day of the following month (Jan 31 + 1 month = Mar 1).
    case firstDayOfNextMonth = "first_day_of_next_month"
}

/// Thrown when month arithmetic meets a nonexistent day under ``InvalidDatePolicy/reject``.
public struct AmbiguousDateError: Error, Sendable, Equatable, CustomStringConvertible {
    public let start: CivilDate
    public let months: Int
    public let year: Int
    public let month: Int
    public let day: Int

    public init(start: CivilDate, months: Int, year: Int, month: Int, day: Int) {
        self.start = start
        self.months = months
        self.year = year
        self.month = month
        self.day = day
    }

    public var description: String {
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return "\(start) + \(months) month(s) lands on \(year)-\(two(month))-\(two(day)), which does not exist;"
            + " the rule needs on_invalid_date (reject | last_day_of_month | first_day_of_next_month)"
    }
}

extension CivilDate {
    /// The date `days` calendar days later (earlier when negative).
    public func adding(days: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// Calendar days from `self` to `other` (positive when `other` is later).
    public func days(until other: CivilDate) -> Int {
        other.daysSinceEpoch - daysSinceEpoch
    }

    /// Adds whole months, keeping the day of month; a nonexistent result is resolved by `policy`.
    ///
    /// Years are 12 months. The operation is *not* associative and *not* invertible under the rounding
    /// policies (Jan 31 + 1 month + 1 month ≠ Jan 31 + 2 months), which is why rules state one step.
    /// - Throws: ``AmbiguousDateError`` when the day does not exist and `policy` is `.reject`.
    public func adding(months: Int, policy: InvalidDatePolicy) throws(AmbiguousDateError) -> CivilDate {
        let total = (year * 12 + (month - 1)) + months
        let y = total / 12
        let m = total % 12 + 1
        if let exact = CivilDate(year: y, month: m, day: day) { return exact }
        switch policy {
        case .reject:
            throw AmbiguousDateError(start: self, months: months, year: y, month: m, day: day)
        case .lastDayOfMonth:
            return CivilDate(year: y, month: m, day: CivilDate.daysInMonth(year: y, month: m))!
        case .firstDayOfNextMonth:
            return CivilDate(year: y, month: m, day: 1)!.lastDayOfMonth.adding(days: 1)
        }
    }

    /// The `nth` (1-based) `weekday` of a month, or `nil` when the month has fewer.
    public static func nthWeekday(_ nth: Int, _ weekday: Weekday, year: Int, month: Int) -> CivilDate? {
        guard let first = CivilDate(year: year, month: month, day: 1) else { return nil }
        let shift = (weekday.isoNumber - first.weekday.isoNumber + 7) % 7
        let date = first.adding(days: shift + 7 * (nth - 1))
        return date.month == month ? date : nil
    }

    /// The last `weekday` of a month (Memorial Day is the last Monday of May).
    public static func lastWeekday(_ weekday: Weekday, year: Int, month: Int) -> CivilDate {
        let last = CivilDate(year: year, month: month, day: 1)!.lastDayOfMonth
        let back = (last.weekday.isoNumber - weekday.isoNumber + 7) % 7
        return last.adding(days: -back)
    }

    /// Western (Gregorian) Easter Sunday, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    public static func easterSunday(year: Int) -> CivilDate {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate(year: year, month: month, day: day)!
    }
}
