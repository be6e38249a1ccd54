import Foundation

/// A named IANA time zone, the only bridge between instants and civil dates.
///
/// Offsets come from the toolchain's ICU data (Foundation `TimeZone`), so they are DST-correct for any
/// year. `Zone` is the one place offboard asks "what local date is this instant?" and
/// "which instant ends this local date?".
public struct Zone: Hashable, Sendable, CustomStringConvertible {
    public let identifier: String
    private let timeZone: TimeZone

    /// Looks up an IANA identifier (`America/Los_Angeles`); `nil` when unknown.
    public init?(identifier: String) {
        guard identifier.contains("/") || identifier == "UTC", let tz = TimeZone(identifier: identifier) else {
            return nil
        }
        self.identifier = identifier
        self.timeZone = tz
    }

    public static let utc = Zone(identifier: "UTC")!

    public var description: String { identifier }

    public static func == (lhs: Zone, rhs: Zone) -> Bool { lhs.identifier == rhs.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }

    /// Seconds east of UTC at `instant`.
    public func offsetSeconds(at instant: Instant) -> Int {
        timeZone.secondsFromGMT(for: instant.date)
    }

    /// The local calendar date of `instant` in this zone.
    public func civilDate(of instant: Instant) -> CivilDate {
        let local = instant.secondsSinceEpoch + Int64(offsetSeconds(at: instant))
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return CivilDate(daysSinceEpoch: Int(days))
    }

    /// Seconds since local midnight of `instant` in this zone.
    public func secondOfDay(of instant: Instant) -> Int {
        let local = instant.secondsSinceEpoch + Int64(offsetSeconds(at: instant))
        return Int(((local % 86_400) + 86_400) % 86_400)
    }

    /// The Monday of the ISO week (Monday to Sunday, local) that contains `instant`, and the instants at which
    /// that week starts and the next one starts.
    public func week(containing instant: Instant) -> (monday: CivilDate, start: Instant, end: Instant) {
        let today = civilDate(of: instant)
        let monday = today.adding(days: 1 - today.weekday.isoNumber)
        return (monday, self.instant(at: monday, secondOfDay: 0), self.instant(at: monday.adding(days: 7), secondOfDay: 0))
    }

    /// The instant at which the local wall-clock reads `date` `secondOfDay`.
    ///
    /// A wall time skipped by a spring-forward gap resolves to the instant after the gap; a repeated
    /// wall time in a fall-back overlap resolves to its first (daylight) occurrence.
    public func instant(at date: CivilDate, secondOfDay: Int) -> Instant {
        let wall = Int64(date.daysSinceEpoch) * 86_400 + Int64(secondOfDay)
        // Try the offsets in force just before and just after; keep the earliest that round-trips.
        let probes = [wall - 86_400, wall + 86_400].map { offsetSeconds(at: Instant(secondsSinceEpoch: $0)) }
        let candidates = Set(probes).map { Instant(secondsSinceEpoch: wall - Int64($0)) }.sorted()
        for candidate in candidates
        where Int64(offsetSeconds(at: candidate)) + candidate.secondsSinceEpoch == wall {
            return candidate
        }
        // In a gap: no candidate round-trips. Use the offset before the gap, which lands after it.
        return Instant(secondsSinceEpoch: wall - Int64(probes[0]))
    }

    /// The last second of `date` in this zone (23:59:59 local): the moment a date deadline expires.
    public func endOfDay(_ date: CivilDate) -> Instant {
        instant(at: date, secondOfDay: 86_399)
    }
}
