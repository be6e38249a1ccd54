import Foundation
import OffboardCore
import OffboardRules
import Testing

/// Reads a small RFC 4180 CSV (quoted fields, doubled quotes) into rows of fields.
func readCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var iterator = text.makeIterator()
    var pending: Character? = nil
    while let c = pending ?? iterator.next() {
        pending = nil
        if quoted {
            if c == "\"" {
                if let next = iterator.next() {
                    if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                } else { quoted = false }
            } else {
                field.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            row.append(field)
            field = ""
        } else if c == "\n" {
            row.append(field)
            rows.append(row)
            row = []
            field = ""
        } else {
            field.append(c)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}

@Suite("Holiday calendars against python-holidays, 2024–2030")
struct HolidayReferenceTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("HolidayReference")

    struct Difference: Hashable, CustomStringConvertible {
        var jurisdiction: String
        var date: String
        var side: String
        var description: String { "\(jurisdiction) \(date) \(side)" }
    }

    @Test("Every calendar matches the independent source, except for recorded and explained differences")
    func compare() throws {
        let rules = try TestRules.bundled()
        let reference = readCSV(try String(contentsOf: Self.directory.appendingPathComponent("python-holidays-2024-2030.csv"), encoding: .utf8)).dropFirst()
        var package: [String: Set<String>] = [:]
        for row in reference { package[row[0], default: []].insert(row[1]) }
        let known = readCSV(try String(contentsOf: Self.directory.appendingPathComponent("known-differences.csv"), encoding: .utf8)).dropFirst()
        var explained: Set<Difference> = []
        for row in known {
            #expect(row.count == 5 && !row[4].isEmpty, "a recorded difference needs a reason: \(row)")
            explained.insert(Difference(jurisdiction: row[0], date: row[1], side: row[2]))
        }

        #expect(Set(package.keys) == Set(rules.calendars.keys), "one calendar per jurisdiction, US federal included")
        #expect(rules.calendars.count == 52)
        var found: Set<Difference> = []
        for (id, file) in rules.calendars {
            let calendar = file.calendar
            var ours: Set<String> = []
            for year in 2024...2030 {
                for entry in calendar.observedHolidays(in: year) where !calendar.isWeekend(entry.date) {
                    ours.insert(entry.date.description)
                }
            }
            let theirs = package[id] ?? []
            for date in theirs.subtracting(ours) { found.insert(Difference(jurisdiction: id, date: date, side: "package_only")) }
            for date in ours.subtracting(theirs) { found.insert(Difference(jurisdiction: id, date: date, side: "offboard_only")) }
        }
        let unexplained = found.subtracting(explained).sorted { $0.description < $1.description }
        let stale = explained.subtracting(found).sorted { $0.description < $1.description }
        #expect(unexplained.isEmpty, "differences without a recorded reason: \(unexplained)")
        #expect(stale.isEmpty, "recorded differences that no longer occur: \(stale)")
        // The federal calendar has no differences at all.
        #expect(!found.contains { $0.jurisdiction == "US" })
    }
}
