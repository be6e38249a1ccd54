import Foundation
import Testing

/// A temporary directory with a database path, for CLI tests against a real SQLite file.
struct StoreDirectory {
    let url: URL
    var database: String { url.appendingPathComponent("offboard.db").path }

    init() throws { url = try OffboardProcess.temporaryDirectory() }

    func remove() { try? FileManager.default.removeItem(at: url) }

    func run(_ arguments: [String], stdin: String? = nil, now: String? = "2025-03-05T12:00:00-08:00") throws -> OffboardProcess.Result {
        try OffboardProcess.run(arguments + ["--database", database] + (now.map { ["--now", $0] } ?? []), stdin: stdin, in: url)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = url.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `sqlite3 DB SQL` with the system CLI.
    func sqlite(_ sql: String) throws -> String {
        let result = try Shell.run("/usr/bin/env", ["sqlite3", database, sql])
        #expect(result.status == 0, "sqlite3: \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Row counts of the tables intake writes.
    func counts() throws -> String {
        guard FileManager.default.fileExists(atPath: database) else { return "no database" }
        return try sqlite("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM obligations), (SELECT count(*) FROM audit), (SELECT count(*) FROM obligations WHERE status = 'pending')")
    }
}

let sampleCSV = OffboardProcess.packageRoot.appendingPathComponent("Sources/OffboardCLI/Samples/imports/terminations.csv").path
let caEvent = OffboardProcess.packageRoot.appendingPathComponent("Sources/OffboardCLI/Samples/events/ca-discharge.json").path

@Suite("offboard terminate, import, rescind, show", .serialized)
struct StoreCommandTests {
    @Test("terminate stores once; a replay changes nothing and says so")
    func terminate() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        let first = try dir.run(["terminate", caEvent])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("event sample-ca-0001: stored; separation 1 of employee E-1001 planned"))
        let counts = try dir.counts()
        let again = try dir.run(["terminate", caEvent])
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("event sample-ca-0001: already stored; nothing changed"))
        #expect(try dir.counts() == counts)
        let mode = try FileManager.default.attributesOfItem(atPath: dir.database)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("Bad events give a located error and leave the store unchanged", arguments: [
        ("{\"event_id\": \"x\",", "event.json:1:"),
        (#"{"event_id": "x", "employee": {"id": "E", "work_state": "ZZ"}, "separation": {"type": "involuntary", "effective_at": "2025-03-03T10:00:00Z"}}"#, "ZZ"),
        (#"{"event_id": "x", "employee": {"id": "E", "work_state": "CA"}, "separation": {"type": "involuntary"}}"#, "separation.effective_at"),
        (#"{"event_id": "x", "employee": {"id": "E", "work_state": "CA"}, "separation": {"type": "fired", "effective_at": "2025-03-03T10:00:00Z"}}"#, "separation.type"),
    ])
    func badEvents(body: String, expected: String) throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        #expect(try dir.run(["terminate", caEvent]).status == 0)
        let before = try dir.counts()
        let result = try dir.run(["terminate", try dir.write("event.json", body)])
        #expect(result.status == 65)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(!result.stderr.contains("E-1001"))
        #expect(try dir.counts() == before)
    }

    @Test("A database in a directory that does not exist is a clear error")
    func missingDirectory() throws {
        let result = try OffboardProcess.run(["terminate", caEvent, "--database", "/nonexistent-dir-\(UUID().uuidString)/x.db"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("does not exist"))
    }

    @Test("import stores the sample; a bad row among good ones is reported by line and nothing is stored")
    func importCSV() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        let ok = try dir.run(["import", sampleCSV])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("12 events: 12 planned, 0 superseded, 0 already stored"))
        let before = try dir.counts()
        let again = try dir.run(["import", sampleCSV])
        #expect(again.stdout.contains("0 planned, 0 superseded, 12 already stored"))
        #expect(try dir.counts() == before)

        var lines = try String(contentsOfFile: sampleCSV, encoding: .utf8).split(separator: "\n").map(String.init)
        lines = lines.enumerated().map { i, line in i == 0 ? line : line.replacingOccurrences(of: "sample-csv-", with: "new-") }
        lines[3] = lines[3].replacingOccurrences(of: ",layoff,", with: ",laid_off,")
        lines[5] = lines[5].replacingOccurrences(of: "2025-03-06T17:00:00-05:00", with: "2025-03-06 17:00")
        let bad = try dir.write("bad.csv", lines.joined(separator: "\n") + "\n")
        let result = try dir.run(["import", bad])
        #expect(result.status == 65)
        #expect(result.stderr.contains("bad.csv:4: error: separation.type:"), "\(result.stderr)")
        #expect(result.stderr.contains("bad.csv:6: error: separation.effective_at:"), "\(result.stderr)")
        #expect(result.stderr.contains("2 of 12 rows are invalid; nothing was stored"))
        #expect(try dir.counts() == before)

        let dry = try dir.run(["import", "--dry-run", bad])
        #expect(dry.status == 65)
        let unknown = try dir.write("unknown.csv", "event_id,employee.id,employee.work_state,separation.typ,separation.effective_at\n")
        let header = try dir.run(["import", unknown])
        #expect(header.status == 65)
        #expect(header.stderr.contains("unknown.csv:1: error: column 4 'separation.typ' is not an event field; did you mean 'separation.type'?"))
        #expect(try dir.counts() == before)
    }

    @Test("--column maps an export's own headers onto event fields")
    func renamedColumns() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        let csv = try dir.write("hris.csv", """
            Worker ID,Work State,Termination Type,Termination Date,Event,Health Plan,Headcount,COBRA Admin,Coverage Ends
            E-77,TX,involuntary,2025-03-03T15:00:00-06:00,hris-77,no,12,employer,separation_date
            """)
        let renames = [
            "Worker ID=employee.id", "Work State=employee.work_state", "Termination Type=separation.type",
            "Termination Date=separation.effective_at", "Event=event_id", "Health Plan=benefits.group_health_plan",
            "Headcount=benefits.employer_size", "COBRA Admin=benefits.plan_administrator", "Coverage Ends=benefits.coverage_end",
        ]
        let result = try dir.run(["import", csv] + renames.flatMap { ["--column", $0] })
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try dir.sqlite("SELECT event_id || ' ' || employee_id FROM events") == "hris-77 E-77")
        #expect(try dir.sqlite("SELECT due_local FROM obligations WHERE kind = 'final_pay'") == "2025-03-10T23:59:59-05:00", "6 days from Monday is a Sunday, rolled to Monday (Tex. Lab. Code § 61.014)")
        // Without the renames the headers are unknown, and say so.
        let unmapped = try dir.run(["import", csv])
        #expect(unmapped.status == 65)
        #expect(unmapped.stderr.contains("hris.csv:1: error: column 1 'Worker ID' is not an event field"))
    }

    @Test("A supersede re-plans and rescind cancels; show and the audit log tell the story")
    func supersedeAndRescind() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        #expect(try dir.run(["terminate", caEvent]).status == 0)
        let text = try String(contentsOfFile: caEvent, encoding: .utf8)
            .replacingOccurrences(of: "sample-ca-0001", with: "sample-ca-0001-fix")
            .replacingOccurrences(of: "2025-01-31T16:00:00-08:00", with: "2025-02-03T16:00:00-08:00")
        let fixed = try dir.run(["terminate", "-"], stdin: text)
        #expect(fixed.status == 0)
        #expect(fixed.stdout.contains("supersedes event sample-ca-0001 for employee E-1001"))
        #expect(try dir.sqlite("SELECT count(*) FROM obligations WHERE status = 'superseded'") != "0")
        let rescind = try dir.run(["rescind", "E-1001", "--reason", "HR-42", "--by", "HR-9"])
        #expect(rescind.status == 0)
        #expect(try dir.sqlite("SELECT count(*) FROM obligations WHERE status = 'pending'") == "0")
        let show = try dir.run(["show", "E-1001"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("separation 1 (rescinded)"))
        #expect(show.stdout.contains("separation.planned") && show.stdout.contains("separation.superseded") && show.stdout.contains("separation.rescinded"))
        let none = try dir.run(["rescind", "E-1001", "--reason", "again"])
        #expect(none.status == 65)
        #expect(try dir.run(["audit", "verify"]).status == 0)
    }
}
