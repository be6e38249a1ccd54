import OffboardCore
import Testing

private func date(_ s: String) -> CivilDate { CivilDate(parsing: s)! }

@Suite("Pay schedules")
struct PayScheduleTests {
    @Test("The pay period containing a date, and its payday", arguments: [
        // frequency, anchor payday, lag, date → start, end, payday
        (PayFrequency.weekly, "2025-03-07", 0, "2025-03-05", "2025-03-01", "2025-03-07", "2025-03-07"),
        (.weekly, "2025-03-07", 0, "2025-03-07", "2025-03-01", "2025-03-07", "2025-03-07"),
        (.weekly, "2025-03-07", 0, "2025-03-08", "2025-03-08", "2025-03-14", "2025-03-14"),
        (.weekly, "2025-03-07", 5, "2025-03-05", "2025-03-03", "2025-03-09", "2025-03-14"),
        (.weekly, "2025-03-07", 5, "2025-03-02", "2025-02-24", "2025-03-02", "2025-03-07"),
        (.biweekly, "2025-03-14", 7, "2025-03-05", "2025-02-22", "2025-03-07", "2025-03-14"),
        (.biweekly, "2025-03-14", 7, "2025-03-08", "2025-03-08", "2025-03-21", "2025-03-28"),
        (.biweekly, "2025-03-14", 7, "2024-12-31", "2024-12-28", "2025-01-10", "2025-01-17"),
        (.biweekly, "2025-03-14", 7, "2025-02-21", "2025-02-08", "2025-02-21", "2025-02-28"),
    ])
    func weeklyAndBiweekly(
        frequency: PayFrequency, anchor: String, lag: Int, day: String, start: String, end: String, payday: String
    ) throws {
        let schedule = PaySchedule(.init(frequency: frequency, anchorPayday: date(anchor), lagDays: lag))
        let period = try schedule.period(containing: date(day))
        #expect(period == PayPeriod(start: date(start), end: date(end), payday: date(payday)))
    }

    @Test("Semimonthly and monthly periods follow the calendar; the payday is the period end plus the lag", arguments: [
        (PayFrequency.semimonthly, 0, "2025-02-15", "2025-02-01", "2025-02-15", "2025-02-15"),
        (.semimonthly, 0, "2024-02-16", "2024-02-16", "2024-02-29", "2024-02-29"),
        (.semimonthly, 5, "2025-03-20", "2025-03-16", "2025-03-31", "2025-04-05"),
        (.semimonthly, 5, "2025-12-31", "2025-12-16", "2025-12-31", "2026-01-05"),
        (.monthly, 0, "2025-02-10", "2025-02-01", "2025-02-28", "2025-02-28"),
        (.monthly, 5, "2025-01-31", "2025-01-01", "2025-01-31", "2025-02-05"),
    ])
    func calendarPeriods(frequency: PayFrequency, lag: Int, day: String, start: String, end: String, payday: String) throws {
        let schedule = PaySchedule(.init(frequency: frequency, lagDays: lag))
        #expect(try schedule.period(containing: date(day)) == PayPeriod(start: date(start), end: date(end), payday: date(payday)))
    }

    @Test("Explicit periods override the frequency, and the following period is found")
    func explicitPeriods() throws {
        let periods = [
            PayPeriod(start: date("2025-05-31"), end: date("2025-06-13"), payday: date("2025-06-20")),
            PayPeriod(start: date("2025-06-14"), end: date("2025-06-27"), payday: date("2025-07-03")),
        ]
        let schedule = PaySchedule(.init(frequency: .weekly, periods: periods))
        let first = try schedule.period(containing: date("2025-06-13"))
        #expect(first == periods[0])
        #expect(try schedule.period(after: first) == periods[1])
    }

    @Test("A missing input names the field, never a guessed default")
    func missingInputs() {
        #expect(throws: MissingInput(field: "payroll.lag_days", purpose: "to derive weekly pay periods (or give payroll.periods)")) {
            try PaySchedule(.init(frequency: .weekly, anchorPayday: date("2025-03-07"))).period(containing: date("2025-03-05"))
        }
        #expect(throws: MissingInput(field: "payroll.anchor_payday", purpose: "to derive biweekly pay periods (or give payroll.periods)")) {
            try PaySchedule(.init(frequency: .biweekly, lagDays: 0)).period(containing: date("2025-03-05"))
        }
        let periods = [PayPeriod(start: date("2025-05-31"), end: date("2025-06-13"), payday: date("2025-06-20"))]
        #expect(throws: MissingInput(field: "payroll.periods", purpose: "to cover 2025-07-01 with a pay period")) {
            try PaySchedule(.init(frequency: .weekly, periods: periods)).period(containing: date("2025-07-01"))
        }
    }
}
