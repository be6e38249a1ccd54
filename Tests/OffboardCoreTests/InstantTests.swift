import OffboardCore
import Testing

@Suite("Instants and time zones")
struct InstantTests {
    @Test("RFC 3339 instants with offsets parse to the same moment", arguments: [
        ("2025-03-14T16:00:00-07:00", "2025-03-14T23:00:00Z"),
        ("2025-03-14T23:00:00Z", "2025-03-14T23:00:00Z"),
        ("2025-03-14t23:00:00z", "2025-03-14T23:00:00Z"),
        ("2025-03-15T04:30:00+05:30", "2025-03-14T23:00:00Z"),
        ("2025-03-14T23:00:00.250Z", "2025-03-14T23:00:00.25Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
    ])
    func parse(text: String, utc: String) throws {
        let instant = try #require(Instant(rfc3339: text))
        #expect(instant.description == utc)
    }

    @Test("Local times without an offset, and malformed text, are rejected", arguments: [
        "2025-03-14T16:00:00", "2025-03-14", "2025-03-14 16:00:00Z", "2025-02-30T00:00:00Z", "2025-03-14T24:00:00Z",
        "2025-03-14T16:00:00+0700", "2025-03-14T16:00:00.Z", "2025-03-14T16:00:00Zjunk",
    ])
    func rejects(text: String) {
        #expect(Instant(rfc3339: text) == nil)
    }

    @Test("Sub-second offsets carry into the seconds both ways, and seconds(to:) measures them back", arguments: [
        ("2025-03-14T23:00:00.250Z", 0.5, "2025-03-14T23:00:00.75Z"),
        ("2025-03-14T23:00:00.750Z", 0.5, "2025-03-14T23:00:01.25Z"),
        ("2025-03-14T23:00:00Z", -0.5, "2025-03-14T22:59:59.5Z"),
        ("2025-03-14T23:00:00.250Z", -1.5, "2025-03-14T22:59:58.75Z"),
        ("2025-03-14T23:00:00Z", 86_400.001, "2025-03-15T23:00:00.001Z"),
    ])
    func addingInterval(from: String, interval: Double, to: String) throws {
        let start = try #require(Instant(rfc3339: from))
        let end = start.adding(interval: interval)
        #expect(end.description == to)
        #expect(abs(start.seconds(to: end) - interval) < 1e-9)
        #expect(abs(end.seconds(to: start) + interval) < 1e-9)
    }

    @Test("Printing in a zone uses that zone's offset at the instant")
    func printInZone() throws {
        let la = try #require(Zone(identifier: "America/Los_Angeles"))
        #expect(try #require(Instant(rfc3339: "2025-01-15T20:00:00Z")).rfc3339(in: la) == "2025-01-15T12:00:00-08:00")
        #expect(try #require(Instant(rfc3339: "2025-07-15T20:00:00Z")).rfc3339(in: la) == "2025-07-15T13:00:00-07:00")
        let kolkata = try #require(Zone(identifier: "Asia/Kolkata"))
        #expect(try #require(Instant(rfc3339: "2025-07-15T20:00:00Z")).rfc3339(in: kolkata) == "2025-07-16T01:30:00+05:30")
    }

    @Test("Unknown zone names, and bare abbreviations, are not zones", arguments: ["Not/AZone", "PST", "", "America/Los Angeles"])
    func unknownZones(name: String) {
        #expect(Zone(identifier: name) == nil)
    }

    @Test("The local date of an instant is the worksite's, not UTC's")
    func localDate() throws {
        let la = try #require(Zone(identifier: "America/Los_Angeles"))
        let lateEvening = try #require(Instant(rfc3339: "2025-02-01T06:30:00Z"))  // 22:30 Jan 31 in LA
        #expect(la.civilDate(of: lateEvening).description == "2025-01-31")
        #expect(Zone.utc.civilDate(of: lateEvening).description == "2025-02-01")
    }

    @Test("End of day is 23:59:59 local, with the offset of that day", arguments: [
        ("2025-03-09", "2025-03-09T23:59:59-07:00"), ("2025-03-08", "2025-03-08T23:59:59-08:00"),
        ("2025-11-02", "2025-11-02T23:59:59-08:00"), ("2025-11-01", "2025-11-01T23:59:59-07:00"),
    ])
    func endOfDay(date: String, expected: String) throws {
        let la = try #require(Zone(identifier: "America/Los_Angeles"))
        #expect(la.endOfDay(try #require(CivilDate(parsing: date))).rfc3339(in: la) == expected)
    }

    @Test("A wall time in the spring-forward gap resolves after the gap; a repeated one to its first occurrence")
    func gapsAndOverlaps() throws {
        let la = try #require(Zone(identifier: "America/Los_Angeles"))
        let gap = la.instant(at: try #require(CivilDate(parsing: "2025-03-09")), secondOfDay: 2 * 3600 + 1800)
        #expect(gap.rfc3339(in: la) == "2025-03-09T03:30:00-07:00")
        let overlap = la.instant(at: try #require(CivilDate(parsing: "2025-11-02")), secondOfDay: 3600 + 1800)
        #expect(overlap.rfc3339(in: la) == "2025-11-02T01:30:00-07:00")
    }

    @Test("Elapsed hours ignore the clock change: 24 hours over spring-forward read 25 on the wall clock")
    func elapsedHoursAcrossDST() throws {
        let ny = try #require(Zone(identifier: "America/New_York"))
        let start = try #require(Instant(rfc3339: "2025-03-08T12:00:00-05:00"))
        #expect(start.adding(seconds: 24 * 3600).rfc3339(in: ny) == "2025-03-09T13:00:00-04:00")
        let fall = try #require(Instant(rfc3339: "2025-11-01T12:00:00-04:00"))
        #expect(fall.adding(seconds: 24 * 3600).rfc3339(in: ny) == "2025-11-02T11:00:00-05:00")
    }
}
