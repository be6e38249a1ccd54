/// How a holiday's date is found in a given year. Rules, not lists: valid for any year.
public enum HolidayDate: Hashable, Sendable {
    /// The same month and day every year (July 4).
    case fixed(month: Int, day: Int)
    /// The `nth` weekday of a month (third Monday of January), shifted by `offsetDays`
    /// (Election Day = first Monday of November + 1; the day after Thanksgiving = fourth Thursday + 1).
    case nthWeekday(month: Int, weekday: Weekday, nth: Int, offsetDays: Int)
    /// The last weekday of a month (last Monday of May), shifted by `offsetDays`.
    case lastWeekday(month: Int, weekday: Weekday, offsetDays: Int)
    /// Days relative to Western Easter Sunday (Good Friday = -2).
    case easter(offsetDays: Int)

    /// The nominal date in `year` (before any observed-day shifting).
    public func date(in year: Int) -> CivilDate? {
        switch self {
        case let .fixed(month, day):
            return CivilDate(year: year, month: month, day: day)
        case let .nthWeekday(month, weekday, nth, offset):
            return CivilDate.nthWeekday(nth, weekday, year: year, month: month)?.adding(days: offset)
        case let .lastWeekday(month, weekday, offset):
            return CivilDate.lastWeekday(weekday, year: year, month: month).adding(days: offset)
        case let .easter(offset):
            return CivilDate.easterSunday(year: year).adding(days: offset)
        }
    }
}

/// Which days are holidays when a holiday's nominal date falls on a given weekday.
///
/// Most calendars only move weekend holidays (5 U.S.C. 6103(b): Saturday → Friday, Sunday → Monday);
/// some states move weekday holidays too (to the nearest Monday or Friday). `shifts` gives, per weekday
/// of the nominal date, how many days the observed day lies from it. In `add` mode the nominal date
/// stays a holiday as well; in `move` mode only the shifted day is one.
public struct ObservedRule: Hashable, Sendable {
    public enum Mode: String, CaseIterable, Sendable { case add, move }

    public var shifts: [Weekday: Int]
    public var mode: Mode

    public init(shifts: [Weekday: Int], mode: Mode = .add) {
        self.shifts = shifts
        self.mode = mode
    }

    /// No shifting: a holiday on a weekend is simply lost.
    public static let none = ObservedRule(shifts: [:])
    /// Saturday → the Friday before; Sunday → the Monday after (5 U.S.C. 6103(b), Executive Order 11582).
    public static let nearestWeekday = ObservedRule(shifts: [.saturday: -1, .sunday: 1])
    /// Sunday → the Monday after; a Saturday holiday is not moved.
    public static let sundayToMonday = ObservedRule(shifts: [.sunday: 1])
    /// Saturday or Sunday → the Monday after.
    public static let nextMonday = ObservedRule(shifts: [.saturday: 2, .sunday: 1])
    /// Saturday → the Friday before; a Sunday holiday is not moved.
    public static let saturdayToFriday = ObservedRule(shifts: [.saturday: -1])

    /// The named presets, as rule files spell them.
    public static let presets: [String: ObservedRule] = [
        "none": .none, "nearest_weekday": .nearestWeekday, "sunday_to_monday": .sundayToMonday,
        "next_monday": .nextMonday, "saturday_to_friday": .saturdayToFriday,
    ]

    /// The holiday dates produced by a nominal date.
    public func dates(for nominal: CivilDate) -> [CivilDate] {
        guard let shift = shifts[nominal.weekday], shift != 0 else { return [nominal] }
        let observed = nominal.adding(days: shift)
        return mode == .add ? [nominal, observed] : [observed]
    }
}

/// Which years a holiday exists in: from/until a year (inclusive), optionally every `interval` years.
public struct YearFilter: Hashable, Sendable {
    public var fromYear: Int?
    public var untilYear: Int?
    public var interval: Int?
    public var startingYear: Int?

    public init(fromYear: Int? = nil, untilYear: Int? = nil, interval: Int? = nil, startingYear: Int? = nil) {
        self.fromYear = fromYear
        self.untilYear = untilYear
        self.interval = interval
        self.startingYear = startingYear
    }

    public func includes(_ year: Int) -> Bool {
        if let fromYear, year < fromYear { return false }
        if let untilYear, year > untilYear { return false }
        if let interval, let startingYear {
            return ((year - startingYear) % interval + interval) % interval == 0
        }
        return true
    }
}

/// One holiday of a calendar, as legal wrote it.
public struct HolidayRule: Hashable, Sendable {
    public var id: String
    public var name: String
    public var date: HolidayDate
    public var observed: ObservedRule
    public var years: YearFilter

    public init(id: String, name: String, date: HolidayDate, observed: ObservedRule, years: YearFilter = YearFilter()) {
        self.id = id
        self.name = name
        self.date = date
        self.observed = observed
        self.years = years
    }

    /// The nominal date in `year`, if the holiday occurs that year.
    public func nominalDate(forYear year: Int) -> CivilDate? {
        guard years.includes(year) else { return nil }
        return date.date(in: year)
    }

    /// The days off for `year`'s occurrence (the nominal date and/or its observed day).
    public func observedDates(forYear year: Int) -> [CivilDate] {
        nominalDate(forYear: year).map(observed.dates(for:)) ?? []
    }
}
