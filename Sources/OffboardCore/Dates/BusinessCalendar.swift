/// A jurisdiction's business days: every day that is not a weekend day and not an observed holiday.
///
/// Holidays are ``HolidayRule``s evaluated per year, so the calendar is valid for any year. An observed
/// day can cross a year boundary (New Year's Day 2022 fell on a Saturday and was observed on Friday
/// 2021-12-31), so a year's holidays are collected from the occurrences of the neighbouring years too.
public struct BusinessCalendar: Sendable {
    public let id: String
    public let name: String
    public let weekend: Set<Weekday>
    public let holidays: [HolidayRule]

    public init(id: String, name: String, weekend: Set<Weekday> = [.saturday, .sunday], holidays: [HolidayRule]) {
        self.id = id
        self.name = name
        self.weekend = weekend
        self.holidays = holidays
    }

    /// The holidays that fall on `date`, each with whether `date` is its observed (shifted) day.
    public func holidays(on date: CivilDate) -> [(rule: HolidayRule, observed: Bool)] {
        holidays.compactMap { rule in
            for year in (date.year - 1)...(date.year + 1) where rule.observedDates(forYear: year).contains(date) {
                return (rule, rule.nominalDate(forYear: year) != date)
            }
            return nil
        }
    }

    /// Every holiday date in `year`, sorted, with the rule that produced it.
    public func observedHolidays(in year: Int) -> [(date: CivilDate, rule: HolidayRule)] {
        var result: [(date: CivilDate, rule: HolidayRule)] = []
        for rule in holidays {
            for y in (year - 1)...(year + 1) {
                for d in rule.observedDates(forYear: y) where d.year == year { result.append((d, rule)) }
            }
        }
        return result.sorted { ($0.date, $0.rule.id) < ($1.date, $1.rule.id) }
    }

    public func isWeekend(_ date: CivilDate) -> Bool { weekend.contains(date.weekday) }

    public func isBusinessDay(_ date: CivilDate) -> Bool {
        !isWeekend(date) && holidays(on: date).isEmpty
    }

    /// Why `date` is not a business day, or `nil` when it is one ("Saturday", "Independence Day (observed)").
    public func closure(on date: CivilDate) -> String? {
        let found = holidays(on: date)
        if !found.isEmpty {
            return found.map { $0.observed ? "\($0.rule.name) (observed)" : $0.rule.name }.joined(separator: ", ")
        }
        return isWeekend(date) ? date.weekday.name : nil
    }

    /// Counts `count` business days after `start` (the start day itself is day 0 and is never counted).
    ///
    /// - Returns: the date reached and every non-business day skipped on the way, with the reason.
    public func addingBusinessDays(_ count: Int, to start: CivilDate) -> (date: CivilDate, skipped: [(CivilDate, String)]) {
        precondition(count >= 0, "business-day counts are non-negative")
        var date = start
        var remaining = count
        var skipped: [(CivilDate, String)] = []
        while remaining > 0 {
            date = date.adding(days: 1)
            if let reason = closure(on: date) {
                skipped.append((date, reason))
            } else {
                remaining -= 1
            }
        }
        return (date, skipped)
    }

    /// The first business day on or after `date`, with the days skipped.
    public func nextBusinessDay(onOrAfter date: CivilDate) -> (date: CivilDate, skipped: [(CivilDate, String)]) {
        roll(date, step: 1)
    }

    /// The last business day on or before `date`, with the days skipped.
    public func previousBusinessDay(onOrBefore date: CivilDate) -> (date: CivilDate, skipped: [(CivilDate, String)]) {
        roll(date, step: -1)
    }

    private func roll(_ date: CivilDate, step: Int) -> (date: CivilDate, skipped: [(CivilDate, String)]) {
        var current = date
        var skipped: [(CivilDate, String)] = []
        while let reason = closure(on: current) {
            skipped.append((current, reason))
            current = current.adding(days: step)
        }
        return (current, skipped)
    }
}
