import Foundation
import OffboardCore

/// Moves the sample export into the current week, so a newcomer's `deadlines --due-this-week` shows real
/// deadlines. Every date moves by the same whole number of weeks (weekdays stay), event ids are tagged with
/// the target week (so a second run in the same week changes nothing), and the rules plan the moved events
/// from scratch: every deadline shown is computed, not copied.
enum SampleRebase {
    /// The Monday of the week the sample's separations fall in.
    static let sampleMonday = CivilDate(year: 2025, month: 3, day: 3)!

    static func rebase(_ csv: String, toWeekOf monday: CivilDate) -> String {
        let weeks = (monday.daysSinceEpoch - sampleMonday.daysSinceEpoch) / 7
        let tag = "demo-\(monday)".replacingOccurrences(of: "-", with: "")
        var out = ""
        for (index, line) in csv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { out += "\n" }
            guard index > 0 else { out += line; continue }
            out += shiftDates(in: String(line), days: weeks * 7).replacingOccurrences(of: "sample-csv-", with: "\(tag)-")
        }
        return out
    }

    /// Replaces every `YYYY-MM-DD` in `text` with the date `days` later.
    static func shiftDates(in text: String, days: Int) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        while i < chars.count {
            if i + 10 <= chars.count, let date = CivilDate(parsing: String(chars[i..<i + 10])),
               i == 0 || !chars[i - 1].isNumber {
                out += date.adding(days: days).description
                i += 10
            } else {
                out.append(chars[i])
                i += 1
            }
        }
        return out
    }
}
