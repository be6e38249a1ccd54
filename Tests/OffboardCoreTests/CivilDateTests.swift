import OffboardCore
import Testing

@Suite("Civil dates")
struct CivilDateTests {
    @Test("Parses only exact YYYY-MM-DD dates that exist", arguments: [
        ("2025-01-31", true), ("2024-02-29", true), ("2025-02-29", false), ("2025-1-31", false),
        ("2025-13-01", false), ("2025-04-31", false), ("25-01-31", false), ("2025-01-31T00:00", false), ("", false),
        ("１２３４-01-01", false),
    ])
    func parsing(text: String, valid: Bool) {
        #expect((CivilDate(parsing: text) != nil) == valid)
        if valid { #expect(CivilDate(parsing: text)!.description == text) }
    }

    @Test("Day numbers round-trip across four centuries, and each next day is one more")
    func dayNumbersRoundTrip() throws {
        var previous = try #require(CivilDate(year: 1899, month: 12, day: 31))
        for n in (previous.daysSinceEpoch + 1)...(previous.daysSinceEpoch + 146_097) {
            let date = CivilDate(daysSinceEpoch: n)
            #expect(date.daysSinceEpoch == n)
            #expect(date > previous)
            #expect(previous.adding(days: 1) == date)
            previous = date
        }
        #expect(CivilDate(daysSinceEpoch: 0).description == "1970-01-01")
    }

    @Test("Weekdays of known dates", arguments: [
        ("1970-01-01", Weekday.thursday), ("2000-02-29", .tuesday), ("2025-07-04", .friday), ("2026-07-04", .saturday),
        ("2027-07-04", .sunday), ("1969-12-31", .wednesday),
    ])
    func weekdays(text: String, weekday: Weekday) throws {
        #expect(try #require(CivilDate(parsing: text)).weekday == weekday)
    }

    @Test("Leap years follow the Gregorian rule", arguments: [(2024, true), (2025, false), (1900, false), (2000, true), (2100, false)])
    func leapYears(year: Int, leap: Bool) {
        #expect(CivilDate.isLeapYear(year) == leap)
        #expect(CivilDate.daysInMonth(year: year, month: 2) == (leap ? 29 : 28))
    }

    @Test("Month arithmetic at month ends, under each invalid-date policy", arguments: [
        ("2025-01-31", 1, InvalidDatePolicy.lastDayOfMonth, "2025-02-28"),
        ("2025-01-31", 1, .firstDayOfNextMonth, "2025-03-01"),
        ("2024-01-31", 1, .lastDayOfMonth, "2024-02-29"),
        ("2024-01-31", 1, .firstDayOfNextMonth, "2024-03-01"),
        ("2025-01-31", 2, .reject, "2025-03-31"),
        ("2024-02-29", 12, .lastDayOfMonth, "2025-02-28"),
        ("2024-02-29", 12, .firstDayOfNextMonth, "2025-03-01"),
        ("2024-02-29", 48, .reject, "2028-02-29"),
        ("2025-03-31", -1, .lastDayOfMonth, "2025-02-28"),
        ("2025-08-31", 6, .lastDayOfMonth, "2026-02-28"),
        ("2025-12-15", 1, .reject, "2026-01-15"),
        ("2025-01-15", -13, .reject, "2023-12-15"),
    ])
    func monthArithmetic(start: String, months: Int, policy: InvalidDatePolicy, expected: String) throws {
        let date = try #require(CivilDate(parsing: start))
        #expect(try date.adding(months: months, policy: policy).description == expected)
    }

    @Test("Jan 31 + 1 month is an error without a rounding policy")
    func monthArithmeticRejects() throws {
        let date = try #require(CivilDate(parsing: "2025-01-31"))
        #expect(throws: AmbiguousDateError(start: date, months: 1, year: 2025, month: 2, day: 31)) {
            try date.adding(months: 1, policy: .reject)
        }
        let leap = try #require(CivilDate(parsing: "2024-02-29"))
        let error = #expect(throws: AmbiguousDateError.self) { try leap.adding(months: 12, policy: .reject) }
        #expect(error?.description.contains("on_invalid_date") == true)
    }

    @Test("Month arithmetic is not associative under rounding: one step is not two")
    func notAssociative() throws {
        let start = try #require(CivilDate(parsing: "2025-01-31"))
        let twoSteps = try start.adding(months: 1, policy: .lastDayOfMonth).adding(months: 1, policy: .lastDayOfMonth)
        #expect(twoSteps.description == "2025-03-28")
        #expect(try start.adding(months: 2, policy: .lastDayOfMonth).description == "2025-03-31")
    }

    @Test("Nth and last weekdays of a month", arguments: [
        (3, Weekday.monday, 2025, 1, "2025-01-20"), (4, .thursday, 2025, 11, "2025-11-27"), (1, .monday, 2025, 9, "2025-09-01"),
        (1, .monday, 2026, 6, "2026-06-01"), (2, .sunday, 2025, 6, "2025-06-08"),
    ])
    func nthWeekday(nth: Int, weekday: Weekday, year: Int, month: Int, expected: String) {
        #expect(CivilDate.nthWeekday(nth, weekday, year: year, month: month)?.description == expected)
    }

    @Test("A fifth weekday that does not exist is nil; the last Monday of May is Memorial Day")
    func missingFifthWeekday() {
        #expect(CivilDate.nthWeekday(5, .monday, year: 2025, month: 2) == nil)
        #expect(CivilDate.lastWeekday(.monday, year: 2025, month: 5).description == "2025-05-26")
        #expect(CivilDate.lastWeekday(.monday, year: 2026, month: 8).description == "2026-08-31")
    }

    @Test("Easter Sunday matches published dates", arguments: [
        (2000, "2000-04-23"), (2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"), (2027, "2027-03-28"),
        (2038, "2038-04-25"), (2285, "2285-03-22"),
    ])
    func easter(year: Int, expected: String) {
        #expect(CivilDate.easterSunday(year: year).description == expected)
    }
}
