import OffboardCore
import Testing

/// A federal-style calendar built in code, so these tests do not depend on rule files.
private let federal = BusinessCalendar(
    id: "TEST-US", name: "test federal",
    holidays: [
        HolidayRule(id: "new-year", name: "New Year's Day", date: .fixed(month: 1, day: 1), observed: .nearestWeekday),
        HolidayRule(id: "mlk", name: "MLK Day", date: .nthWeekday(month: 1, weekday: .monday, nth: 3, offsetDays: 0), observed: .none),
        HolidayRule(id: "memorial", name: "Memorial Day", date: .lastWeekday(month: 5, weekday: .monday, offsetDays: 0), observed: .none),
        HolidayRule(
            id: "juneteenth", name: "Juneteenth", date: .fixed(month: 6, day: 19), observed: .nearestWeekday,
            years: YearFilter(fromYear: 2021)),
        HolidayRule(id: "july4", name: "Independence Day", date: .fixed(month: 7, day: 4), observed: .nearestWeekday),
        HolidayRule(id: "thanksgiving", name: "Thanksgiving", date: .nthWeekday(month: 11, weekday: .thursday, nth: 4, offsetDays: 0), observed: .none),
        HolidayRule(id: "black-friday", name: "Day after Thanksgiving", date: .nthWeekday(month: 11, weekday: .thursday, nth: 4, offsetDays: 1), observed: .none),
        HolidayRule(id: "good-friday", name: "Good Friday", date: .easter(offsetDays: -2), observed: .none),
        HolidayRule(
            id: "election", name: "Election Day", date: .nthWeekday(month: 11, weekday: .monday, nth: 1, offsetDays: 1), observed: .none,
            years: YearFilter(interval: 2, startingYear: 2024)),
        HolidayRule(id: "christmas", name: "Christmas Day", date: .fixed(month: 12, day: 25), observed: .sundayToMonday),
    ])

private func date(_ s: String) -> CivilDate { CivilDate(parsing: s)! }

@Suite("Business-day calendars")
struct BusinessCalendarTests {
    @Test("July 4 on a Saturday is observed on Friday July 3; on a Sunday, on Monday July 5")
    func observedIndependenceDay() {
        #expect(federal.closure(on: date("2026-07-03")) == "Independence Day (observed)")
        #expect(federal.isBusinessDay(date("2026-07-06")))
        #expect(federal.closure(on: date("2027-07-05")) == "Independence Day (observed)")
        #expect(federal.closure(on: date("2025-07-04")) == "Independence Day")
    }

    @Test("New Year's Day on a Saturday is observed on the last day of the previous year")
    func observedAcrossYearBoundary() {
        #expect(federal.closure(on: date("2021-12-31")) == "New Year's Day (observed)")
        #expect(federal.observedHolidays(in: 2021).contains { $0.date == date("2021-12-31") && $0.rule.id == "new-year" })
        #expect(!federal.observedHolidays(in: 2022).contains { $0.date == date("2021-12-31") })
    }

    @Test("Business days across an observed holiday", arguments: [
        ("2026-07-02", 1, "2026-07-06"),  // Fri Jul 3 observed, weekend
        ("2025-07-03", 1, "2025-07-07"),  // Fri Jul 4, weekend
        ("2025-07-03", 0, "2025-07-03"),
        ("2025-11-26", 2, "2025-12-02"),  // Thanksgiving and the day after, then the weekend
        ("2025-04-17", 1, "2025-04-21"),  // Good Friday
        ("2024-11-04", 1, "2024-11-06"),  // election day in an even year
        ("2025-11-03", 1, "2025-11-04"),  // no election-day holiday in an odd year
        ("2021-06-17", 1, "2021-06-21"),  // Juneteenth observed Fri Jun 18, 2021
        ("2020-06-18", 1, "2020-06-19"),  // before Juneteenth existed
        ("2022-12-23", 1, "2022-12-27"),  // Christmas on Sunday observed Monday
    ])
    func addingBusinessDays(start: String, count: Int, expected: String) {
        #expect(federal.addingBusinessDays(count, to: date(start)).date == date(expected))
    }

    @Test("Adding business days reports every day skipped, with the reason")
    func skippedDays() {
        let (result, skipped) = federal.addingBusinessDays(3, to: date("2025-07-02"))
        #expect(result == date("2025-07-08"))
        #expect(skipped.map { "\($0.0) \($0.1)" } == ["2025-07-04 Independence Day", "2025-07-05 Saturday", "2025-07-06 Sunday"])
    }

    @Test("Rolling a non-business day forward and back")
    func rolls() {
        #expect(federal.nextBusinessDay(onOrAfter: date("2026-07-03")).date == date("2026-07-06"))
        #expect(federal.previousBusinessDay(onOrBefore: date("2026-07-05")).date == date("2026-07-02"))
        #expect(federal.nextBusinessDay(onOrAfter: date("2026-07-07")).skipped.isEmpty)
    }

    @Test("A move-mode shift replaces the nominal date instead of adding one")
    func moveMode() {
        let calendar = BusinessCalendar(
            id: "T", name: "t",
            holidays: [
                HolidayRule(
                    id: "vets", name: "Veterans Day", date: .fixed(month: 11, day: 11),
                    observed: ObservedRule(shifts: [.tuesday: -1, .wednesday: -2, .thursday: 1], mode: .move))
            ])
        // 2025-11-11 is a Tuesday: moved to Monday Nov 10, so Tuesday is a working day.
        #expect(calendar.closure(on: date("2025-11-10")) == "Veterans Day (observed)")
        #expect(calendar.isBusinessDay(date("2025-11-11")))
        // 2026-11-11 is a Wednesday: moved to Monday Nov 9.
        #expect(calendar.closure(on: date("2026-11-09")) == "Veterans Day (observed)")
    }

    @Test("Holidays repeat for any year, including every-other-year ones and year-crossing observed days")
    func anyYear() {
        func weekdayHolidays(_ year: Int) -> [String] {
            federal.observedHolidays(in: year).filter { !federal.isWeekend($0.date) }.map { "\($0.date)" }
        }
        // 2100: Jan 1 is a Friday; Juneteenth (Sat) observed Fri 18; July 4 (Sun) observed Mon 5; an even year
        // has Election Day; Christmas is a Saturday and not moved; 2101-01-01 (Sat) is observed Fri 2100-12-31.
        #expect(weekdayHolidays(2100) == [
            "2100-01-01", "2100-01-18", "2100-03-26", "2100-05-31", "2100-06-18", "2100-07-05", "2100-11-02",
            "2100-11-25", "2100-11-26", "2100-12-31",
        ])
        // 2101: no New Year's weekday (observed in 2100), no Election Day, Christmas (Sun) observed Mon 26.
        #expect(weekdayHolidays(2101) == [
            "2101-01-17", "2101-04-15", "2101-05-30", "2101-06-20", "2101-07-04", "2101-11-24", "2101-11-25",
            "2101-12-26",
        ])
    }
}
