import OffboardCore

/// Elapsed time that only runs on business days of a calendar, in a worksite zone: "48 hours, excluding
/// Saturdays, Sundays and holidays". A business day contributes its whole local day (midnight to midnight,
/// 23 or 25 hours on DST days); other days contribute nothing.
struct BusinessTime {
    let zone: Zone
    let calendar: BusinessCalendar

    private func startOfNextDay(after instant: Instant) -> Instant {
        zone.instant(at: zone.civilDate(of: instant).adding(days: 1), secondOfDay: 0)
    }

    /// The instant `seconds` of business time after `start`.
    func adding(seconds: Int64, to start: Instant) -> (Instant, skipped: [(CivilDate, String)]) {
        var at = start
        var remaining = seconds
        var skipped: [(CivilDate, String)] = []
        while true {
            let day = zone.civilDate(of: at)
            let next = startOfNextDay(after: at)
            if let reason = calendar.closure(on: day) {
                skipped.append((day, reason))
            } else {
                let available = next.secondsSinceEpoch - at.secondsSinceEpoch
                if remaining <= available { return (at.adding(seconds: remaining), skipped) }
                remaining -= available
            }
            at = next
        }
    }

    /// Business seconds between two instants (zero when `end` is not after `start`).
    func seconds(from start: Instant, to end: Instant) -> Int64 {
        var at = start
        var total: Int64 = 0
        while at < end {
            let next = min(startOfNextDay(after: at), end)
            if calendar.isBusinessDay(zone.civilDate(of: at)) { total += next.secondsSinceEpoch - at.secondsSinceEpoch }
            at = next
        }
        return total
    }
}
