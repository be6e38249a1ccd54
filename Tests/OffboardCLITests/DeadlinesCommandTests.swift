import Foundation
import Testing

/// Runs a Python snippet; installs a PyPI package first when it is missing (CI does this in `.ci/run`).
func python(_ script: String, stdin: String, needs module: String? = nil) throws -> OffboardProcess.Result {
    if let module, try Shell.run("/usr/bin/env", ["python3", "-c", "import \(module)"]).status != 0 {
        _ = try Shell.run("/usr/bin/env", ["python3", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", module])
    }
    return try Shell.run("/usr/bin/env", ["python3", "-c", script], stdin: stdin)
}

@Suite("offboard deadlines", .serialized)
struct DeadlinesCommandTests {
    /// The sample import, seen on Wednesday 2025-03-05 at noon in Los Angeles.
    func imported() throws -> StoreDirectory {
        let dir = try StoreDirectory()
        let result = try dir.run(["import", sampleCSV])
        #expect(result.status == 0, "\(result.stderr)")
        return dir
    }

    @Test("JSON output decodes, in due order, with overdue flags against --now")
    func json() throws {
        let dir = try imported()
        defer { dir.remove() }
        let result = try dir.run(["deadlines", "--due-this-week", "--tz", "America/Los_Angeles", "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let items = try #require(object["deadlines"] as? [[String: Any]])
        #expect(object["count"] as? Int == items.count && !items.isEmpty)
        #expect(object["from"] as? String == "2025-03-03T08:00:00Z" && object["until"] as? String == "2025-03-10T07:00:00Z")
        let expected = try dir.sqlite("""
            SELECT count(*) FROM obligations WHERE status = 'pending'
            AND due_at >= strftime('%s', '2025-03-03T08:00:00Z') AND due_at < strftime('%s', '2025-03-10T07:00:00Z')
            """)
        #expect(String(items.count) == expected)
        #expect(items.allSatisfy { ($0["citation"] as? String)?.isEmpty == false && $0["rule"] is String })
        let overdue = items.filter { $0["overdue"] as? Bool == true }
        #expect(!overdue.isEmpty && overdue.count < items.count)
        let finalPay = try #require(items.first { $0["employee_id"] as? String == "E-4001" && $0["kind"] as? String == "final_pay" })
        #expect(finalPay["due"] as? String == "2025-03-03T15:00:00-08:00")
        #expect(finalPay["effective"] as? String == "2020-01-01")
    }

    @Test("deadlines JSON (streamed) and terminate JSON (a tree) describe each obligation with the same fields and values")
    func jsonEncodersAgree() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        let stored = try dir.run(["terminate", caEvent, "--format", "json"])
        let listed = try dir.run(["deadlines", "--format", "json", "--status", "all"])
        let receipt = try #require(try JSONSerialization.jsonObject(with: Data(stored.stdout.utf8)) as? [String: Any])
        let fromTree = try #require(receipt["obligations"] as? [[String: Any]])
        let fromStream = try #require((try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])?["deadlines"] as? [[String: Any]])
        #expect(fromTree.count == fromStream.count && !fromTree.isEmpty)
        for (a, b) in zip(fromTree, fromStream) {
            var streamed = b
            streamed.removeValue(forKey: "overdue")  // only the query knows "now"
            let canonical = { (o: [String: Any]) in
                String(decoding: try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]), as: UTF8.self)
            }
            #expect(try canonical(a) == canonical(streamed))
        }
    }

    @Test("CSV output parses with Python's csv module and matches the JSON")
    func csv() throws {
        let dir = try imported()
        defer { dir.remove() }
        let csv = try dir.run(["deadlines", "--format", "csv", "--state", "CA,NY"])
        let json = try dir.run(["deadlines", "--format", "json", "--state", "CA,NY"])
        let items = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["deadlines"] as? [[String: Any]])
        let parsed = try python("""
            import csv, json, sys
            rows = list(csv.DictReader(sys.stdin))
            print(json.dumps([[r["id"], r["rule"], r["citation"], r["due"]] for r in rows]))
            """, stdin: csv.stdout)
        #expect(parsed.status == 0, "\(parsed.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [[String]])
        #expect(rows.count == items.count && !rows.isEmpty)
        for (row, item) in zip(rows, items) {
            #expect(row == ["\(item["id"] as! Int)", item["rule"] as! String, item["citation"] as! String, item["due"] as? String ?? ""])
        }
        #expect(items.allSatisfy { ["CA", "NY"].contains($0["jurisdiction"] as? String) })
    }

    @Test("ICS output parses with the icalendar package: one VEVENT per deadline, on the right day or instant")
    func ics() throws {
        let dir = try imported()
        defer { dir.remove() }
        let ics = try dir.run(["deadlines", "--format", "ics"])
        #expect(ics.stdout.hasPrefix("BEGIN:VCALENDAR\r\n"))
        #expect(ics.stdout.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        let json = try dir.run(["deadlines", "--format", "json"])
        let items = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["deadlines"] as? [[String: Any]])
        let parsed = try python("""
            import sys, json, icalendar
            cal = icalendar.Calendar.from_ical(sys.stdin.read())
            out = []
            for e in cal.walk("VEVENT"):
                start = e.decoded("DTSTART")
                out.append([str(e["UID"]), start.isoformat(), str(e["SUMMARY"]), str(e["DESCRIPTION"])])
            print(json.dumps(out))
            """, stdin: ics.stdout, needs: "icalendar")
        #expect(parsed.status == 0, "\(parsed.stderr)")
        let events = try #require(try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [[String]])
        #expect(events.count == items.count)
        for (event, item) in zip(events, items) {
            #expect(event[0] == "obligation-\(item["id"] as! Int)@offboard")
            if item["by_end_of_day"] as? Bool == true {
                #expect(event[1] == item["due_date"] as? String)
            } else {
                let utc = try #require(ISO8601DateFormatter().date(from: item["due"] as! String))
                #expect(event[1] == ISO8601DateFormatter().string(from: utc).replacingOccurrences(of: "Z", with: "+00:00"))
            }
            #expect(event[2].contains(item["employee_id"] as! String))
            #expect(event[3].contains(item["citation"] as! String))
        }
    }

    @Test("The week is Monday to Sunday in --tz: a Sunday-night deadline in Los Angeles is next week in New York")
    func weekBoundary() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        let event = #"""
            {"event_id": "wk-1", "employee": {"id": "E-W", "work_state": "CA"},
             "separation": {"type": "involuntary", "effective_at": "2025-03-16T22:30:00-07:00"},
             "benefits": {"group_health_plan": false, "employer_size": 10, "plan_administrator": "employer", "coverage_end": "separation_date"}}
            """#
        #expect(try dir.run(["terminate", "-"], stdin: event).status == 0)
        func finalPayIn(_ tz: String, now: String) throws -> Bool {
            let r = try dir.run(["deadlines", "--due-this-week", "--tz", tz, "--kind", "final_pay", "--format", "csv"], now: now)
            #expect(r.status == 0)
            return r.stdout.contains("CA/final-pay.discharge")
        }
        #expect(try finalPayIn("America/Los_Angeles", now: "2025-03-14T12:00:00Z"))
        #expect(try !finalPayIn("America/New_York", now: "2025-03-14T12:00:00Z"))
        #expect(try finalPayIn("America/New_York", now: "2025-03-17T12:00:00Z"))
        #expect(try !finalPayIn("Pacific/Auckland", now: "2025-03-14T12:00:00Z"))
        let overdue = try dir.run(["deadlines", "--overdue", "--format", "csv"], now: "2025-03-17T12:00:00Z")
        #expect(overdue.stdout.contains("CA/final-pay.discharge"))
        let within = try dir.run(["deadlines", "--due-within", "2d", "--format", "csv"], now: "2025-03-16T12:00:00-07:00")
        #expect(within.stdout.contains("CA/final-pay.discharge"))
        let table = try dir.run(["deadlines", "--overdue"], now: "2025-03-17T04:30:00-07:00")
        #expect(table.stdout.contains("OVERDUE 6h"))
    }
}
