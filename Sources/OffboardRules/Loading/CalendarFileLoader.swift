public import OffboardCore

/// A business-day calendar as loaded from `Rules/calendars/<id>.yaml` (schema `offboard-calendar/1`).
public struct CalendarFile: Sendable {
    public static let schema = "offboard-calendar/1"

    public var path: String
    public var calendar: BusinessCalendar
    public var source: Source
    public var reviewed: Review
    public var location: SourceLocation

    public init(path: String, calendar: BusinessCalendar, source: Source, reviewed: Review, location: SourceLocation) {
        self.path = path
        self.calendar = calendar
        self.source = source
        self.reviewed = reviewed
        self.location = location
    }
}

/// Reads one holiday calendar. Holidays are rules (fixed date, nth or last weekday, Easter-relative),
/// never pasted dates, so the calendar holds for any year.
///
/// ```yaml
/// schema: offboard-calendar/1
/// calendar: { id: US, name: "US federal holidays", weekend: [saturday, sunday], observed: nearest_weekday }
/// source: { citation: "5 U.S.C. § 6103", url: "https://…" }
/// reviewed: { on: 2026-11-26, by: "…" }
/// holidays:
///   - { id: new-years-day, name: "New Year's Day", date: { month: 1, day: 1 } }
///   - { id: memorial-day, name: Memorial Day, date: { month: 5, weekday: monday, nth: last } }
///   - { id: juneteenth, name: Juneteenth, date: { month: 6, day: 19 }, from_year: 2021 }
/// ```
public enum CalendarFileLoader {
    public static func load(_ text: String, path: String) -> (file: CalendarFile?, diagnostics: [Diagnostic]) {
        let node: DocumentNode
        do {
            node = try YAMLDocument.parse(text, file: path)
        } catch {
            return (nil, [error])
        }
        let sink = DiagnosticSink(includesPaths: false)
        let file = read(DocumentReader(node, sink: sink), path: path)
        return (sink.hasErrors ? nil : file, sink.diagnostics)
    }

    static func read(_ r: DocumentReader, path: String) -> CalendarFile? {
        guard let root = r.object("a calendar file", allowed: ["schema", "calendar", "source", "reviewed", "holidays"]) else {
            return nil
        }
        if let schema = root.required("schema"), let s = schema.string(), s != CalendarFile.schema {
            schema.error("unsupported schema '\(s)'; this offboard reads '\(CalendarFile.schema)'")
        }
        var id: String?, name: String?, weekend: Set<Weekday>?, observed: ObservedRule?
        if let c = root.required("calendar"),
            let o = c.object("calendar", allowed: ["id", "name", "weekend", "observed"])
        {
            id = o.required("id")?.identifier("calendar id")
            name = o.required("name")?.identifier("calendar name")
            if let w = o.required("weekend"), let list = w.list("weekend") {
                let days = list.compactMap { $0.oneOf(Weekday.self, "weekday") }
                if days.count == list.count { weekend = Set(days) }
            }
            observed = o.required("observed").flatMap(readObserved)
        }
        let source = root.required("source").flatMap(RuleFileLoader.readSource)
        let reviewed = root.required("reviewed").flatMap(RuleFileLoader.readReview)
        var holidays: [HolidayRule] = []
        if let list = root.required("holidays")?.list("holidays") {
            var seen = Set<String>()
            for item in list {
                guard let rule = readHoliday(item, defaultObserved: observed ?? .none) else { continue }
                if !seen.insert(rule.id).inserted { item.error("duplicate holiday id '\(rule.id)'") }
                holidays.append(rule)
            }
        }
        guard let id, let name, let weekend, observed != nil, let source, let reviewed else { return nil }
        return CalendarFile(
            path: path, calendar: BusinessCalendar(id: id, name: name, weekend: weekend, holidays: holidays),
            source: source, reviewed: reviewed, location: r.node.location)
    }

    static func readHoliday(_ r: DocumentReader, defaultObserved: ObservedRule) -> HolidayRule? {
        guard let o = r.object("holiday", allowed: ["id", "name", "date", "observed", "from_year", "until_year", "every_years", "note"])
        else { return nil }
        let id = o.required("id")?.identifier("holiday id")
        let name = o.required("name")?.identifier("holiday name")
        let date = o.required("date").flatMap(readHolidayDate)
        var observed: ObservedRule? = defaultObserved
        if let ob = o.optional("observed") { observed = readObserved(ob) }
        var years = YearFilter()
        years.fromYear = o.optional("from_year")?.integer(in: 1800...9999)
        years.untilYear = o.optional("until_year")?.integer(in: 1800...9999)
        if let e = o.optional("every_years"), let eo = e.object("every_years", allowed: ["interval", "starting"]) {
            years.interval = eo.required("interval")?.integer(in: 2...100)
            years.startingYear = eo.required("starting")?.integer(in: 1800...9999)
        }
        _ = o.optional("note")?.string()
        guard let id, let name, let date, let observed else { return nil }
        return HolidayRule(id: id, name: name, date: date, observed: observed, years: years)
    }

    /// `observed: nearest_weekday` (a preset) or `observed: { shift: { saturday: -1, sunday: 1 }, mode: add }`.
    static func readObserved(_ r: DocumentReader) -> ObservedRule? {
        if let name = r.node.string {
            if let preset = ObservedRule.presets[name] { return preset }
            let names = ObservedRule.presets.keys.sorted()
            var message = "unknown observed rule '\(name)'"
            if let guess = closestMatch(to: name, in: names) { message += "; did you mean '\(guess)'?" }
            r.error(message + " (presets: \(names.joined(separator: ", ")); or a mapping with shift and mode)")
            return nil
        }
        guard let o = r.object("observed", allowed: ["shift", "mode"]) else { return nil }
        let mode = o.optional("mode").map { $0.oneOf(ObservedRule.Mode.self, "observed mode") } ?? .add
        var shifts: [Weekday: Int] = [:]
        if let s = o.required("shift"), let so = s.object("shift", allowed: Weekday.allCases.map(\.rawValue)) {
            for member in so.members {
                if let day = Weekday(rawValue: member.key), let n = so.optional(member.key)?.integer(in: -6...6) {
                    shifts[day] = n
                }
            }
        }
        guard let mode else { return nil }
        return ObservedRule(shifts: shifts, mode: mode)
    }

    static func readHolidayDate(_ r: DocumentReader) -> HolidayDate? {
        guard let o = r.object("holiday date", allowed: ["month", "day", "weekday", "nth", "easter", "offset_days"]) else {
            return nil
        }
        if let e = o.optional("easter") {
            if o.has("month") || o.has("day") || o.has("weekday") || o.has("nth") || o.has("offset_days") {
                r.error("an Easter-relative date takes only 'easter' (days from Easter Sunday, e.g. -2 for Good Friday)")
            }
            return e.integer(in: -100...100).map { .easter(offsetDays: $0) }
        }
        let month = o.required("month")?.integer(in: 1...12)
        if let d = o.optional("day") {
            if o.has("weekday") || o.has("nth") || o.has("offset_days") {
                r.error("a fixed date takes month and day only; a weekday rule takes month, weekday and nth")
            }
            guard let month, let day = d.integer(in: 1...31) else { return nil }
            guard day <= CivilDate.daysInMonth(year: 2024, month: month) else {
                d.error("month \(month) has no day \(day)")
                return nil
            }
            return .fixed(month: month, day: day)
        }
        let weekday = o.required("weekday")?.oneOf(Weekday.self, "weekday")
        let offset = o.optional("offset_days")?.integer(in: -31...31) ?? 0
        var nth: Int?
        var last = false
        if let n = o.required("nth") {
            if n.node.string == "last" {
                last = true
            } else {
                nth = n.integer(in: 1...5)
            }
        }
        guard let month, let weekday, last || nth != nil else { return nil }
        return last
            ? .lastWeekday(month: month, weekday: weekday, offsetDays: offset)
            : .nthWeekday(month: month, weekday: weekday, nth: nth!, offsetDays: offset)
    }
}
