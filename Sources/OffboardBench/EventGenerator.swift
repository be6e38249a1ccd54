import Foundation

/// Deterministic synthetic terminations across all 51 jurisdictions and four separation types, spread over
/// 2025, in the CSV import format.
enum EventGenerator {
    static let states = [
        "AK", "AL", "AR", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "HI", "IA", "ID", "IL", "IN", "KS", "KY", "LA",
        "MA", "MD", "ME", "MI", "MN", "MO", "MS", "MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR",
        "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VT", "WA", "WI", "WV", "WY",
    ]
    static let types = ["involuntary", "layoff", "involuntary", "involuntary"]

    static func writeCSV(to path: String, count: Int, prefix: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw BenchError("cannot write \(path)") }
        defer { try? handle.close() }
        var text = "event_id,employee.id,employee.work_state,separation.type,separation.effective_at,separation.last_day_worked,"
            + "separation.notice_given_at,separation.business_closing,payroll.frequency,payroll.anchor_payday,payroll.lag_days,"
            + "benefits.group_health_plan,benefits.employer_size,benefits.plan_administrator,benefits.coverage_end,benefits.funding\n"
        var rng = SplitMix(seed: UInt64(prefix.utf8.reduce(42) { $0 &* 31 &+ UInt64($1) }))
        for i in 0..<count {
            let state = states[Int(rng.next() % UInt64(states.count))]
            let type = types[Int(rng.next() % UInt64(types.count))]
            let dayOfYear = Int(rng.next() % 365)
            let date = Calendar(identifier: .gregorian).date(byAdding: .day, value: dayOfYear, to: Date(timeIntervalSince1970: 1_735_689_600))!
            let day = ISO8601DateFormatter.string(from: date, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
            let hour = 9 + Int(rng.next() % 8)
            let at = "\(day)T\(hour < 10 ? "0" : "")\(hour):00:00Z"
            let size = [12, 35, 80, 250, 1200][Int(rng.next() % 5)]
            text += "\(prefix)-\(i),\(prefix)-E\(i),\(state),\(type),\(at),\(day),\(at),false,biweekly,2025-01-03,5,true,\(size),third_party,end_of_month,insured\n"
            if text.utf8.count > 1 << 20 {
                handle.write(Data(text.utf8))
                text = ""
            }
        }
        handle.write(Data(text.utf8))
    }
}

/// A small deterministic generator (SplitMix64), so every run measures the same data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
