import Foundation
import Testing

@Suite("A killed import", .serialized)
struct ImportCrashTests {
    /// `count` TX discharges, one per employee.
    static func csv(count: Int) -> String {
        var text = "event_id,employee.id,employee.work_state,separation.type,separation.effective_at,benefits.group_health_plan,benefits.employer_size,benefits.plan_administrator,benefits.coverage_end\n"
        for i in 0..<count {
            let day = 1 + i % 28
            text += "crash-\(i),C-\(i),TX,involuntary,2025-04-\(day < 10 ? "0" : "")\(day)T15:00:00-05:00,true,50,third_party,end_of_month\n"
        }
        return text
    }

    @Test("Killed with SIGKILL mid-import: what was committed is whole, and running it again completes it")
    func killed() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        let total = 4000
        let file = try dir.write("big.csv", Self.csv(count: total))
        let process = Process()
        process.executableURL = OffboardProcess.binary
        process.arguments = ["import", file, "--database", dir.database, "--batch-size", "20", "--now", "2025-04-01T00:00:00Z"]
        process.currentDirectoryURL = dir.url
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until some batches are committed, then kill without warning.
        let deadline = Date().addingTimeInterval(120)
        var stored = 0
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: dir.database),
               let n = Int((try? Shell.run("/usr/bin/env", ["sqlite3", dir.database, "SELECT count(*) FROM events"]))?.stdout
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""), n >= 100 {
                stored = n
                break
            }
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(stored >= 100)
        let events = Int(try dir.sqlite("SELECT count(*) FROM events"))!
        #expect(events < total, "the import was interrupted")
        // Whole: every stored event has its separation, its obligations and its audit entry; nothing else exists.
        #expect(try dir.sqlite("SELECT count(*) FROM separations") == String(events))
        #expect(try dir.sqlite("SELECT count(*) FROM audit") == String(events))
        #expect(try dir.sqlite("SELECT count(DISTINCT separation_id) FROM obligations") == String(events))
        let perEvent = try dir.sqlite("SELECT DISTINCT n FROM (SELECT count(*) AS n FROM obligations GROUP BY separation_id)")
        #expect(!perEvent.contains("\n"), "every separation has the same full set of obligations: \(perEvent)")
        #expect(events % 20 == 0, "only whole batches are committed")
        #expect(try dir.run(["audit", "verify"]).status == 0)
        // Running it again resumes: the rest is stored, nothing twice.
        let again = try dir.run(["import", file, "--batch-size", "500"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("\(total - events) planned, 0 superseded, \(events) already stored"))
        #expect(try dir.sqlite("SELECT count(*) FROM events") == String(total))
        #expect(try dir.sqlite("SELECT count(*) FROM audit") == String(total))
        #expect(try dir.run(["audit", "verify"]).status == 0)
    }
}
