import Synchronization

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
    private let cache = YearCache()

    public init(id: String, name: String, weekend: Set<Weekday> = [.saturday, .sunday], holidays: [HolidayRule]) {
        self.id = id
        self.name = name
        self.weekend = weekend
        self.holidays = holidays
    }

    /// The holidays that fall on `date`, each with whether `date` is its observed (shifted) day.
    public func holidays(on date: CivilDate) -> [(rule: HolidayRule, observed: Bool)] {
        let year = cache.days(of: date.year) { computeYear(date.year) }
        return (year[date] ?? []).map { (holidays[$0.index], $0.observed) }
    }

    /// Every holiday occurrence dated in `year`: rule index and whether it is a shifted (observed) day.
    private func computeYear(_ year: Int) -> [CivilDate: [(index: Int, observed: Bool)]] {
        var days: [CivilDate: [(index: Int, observed: Bool)]] = [:]
        for (index, rule) in holidays.enumerated() {
            // A rule contributes a date at most once, from the first of the neighbouring years that gives it.
            var seen = Set<CivilDate>()
            for y in (year - 1)...(year + 1) {
                let nominal = rule.nominalDate(forYear: y)
                for d in rule.observedDates(forYear: y) where d.year == year && seen.insert(d).inserted {
                    days[d, default: []].append((index, nominal != d))
                }
            }
        }
        return days
    }

    /// Every holiday date in `year`, sorted, with the rule that produced it.
    public func observedHolidays(in year: Int) -> [(date: CivilDate, rule: HolidayRule)] {
        cache.days(of: year) { computeYear(year) }
            .flatMap { date, found in found.map { (date: date, rule: holidays[$0.index]) } }
            .sorted { ($0.date, $0.rule.id) < ($1.date, $1.rule.id) }
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


/// Holiday dates computed once per year and calendar, shared by copies of the calendar.
final class YearCache: Sendable {
    private let storage = Mutex<[Int: [CivilDate: [(index: Int, observed: Bool)]]]>([:])

    func days(
        of year: Int, compute: () -> [CivilDate: [(index: Int, observed: Bool)]]
    ) -> [CivilDate: [(index: Int, observed: Bool)]] {
        if let cached = storage.withLock({ $0[year] }) { return cached }
        let days = compute()
        storage.withLock { $0[year] = days }
        return days
    }
}
