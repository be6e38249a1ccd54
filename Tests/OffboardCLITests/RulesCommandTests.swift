import Foundation
import Testing

@Suite("offboard rules lint, test; rule discovery; demo", .serialized)
struct RulesCommandTests {
    @Test("lint and test are clean on the bundled Rules/")
    func bundledRulesClean() throws {
        let lint = try OffboardProcess.run(["rules", "lint", "Rules", "--today", "2026-11-26"])
        #expect(lint.status == 0)
        #expect(lint.stdout.hasPrefix("Rules: 0 errors, 0 warnings ("))
        let test = try OffboardProcess.run(["rules", "test", "Rules"])
        #expect(test.status == 0)
        #expect(test.stdout.hasSuffix(" passed, 0 failed\n"))
        #expect(test.stdout.split(separator: "\n").count == 1)
    }

    @Test("lint reports located errors and exits 65; the rules do not load")
    func lintBroken() throws {
        let rules = try OffboardProcess.copyOfRules()
        defer { try? FileManager.default.removeItem(at: rules.deletingLastPathComponent()) }
        let file = rules.appendingPathComponent("TX.yaml")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "      - effective: 2020-01-01\n        source:\n          citation: \"Tex. Lab. Code § 61.014(a)(1)", with: "      - efective: 2020-01-01\n        source:\n          citation: \"Tex. Lab. Code § 61.014(a)(1)")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try OffboardProcess.run(["rules", "lint", rules.path])
        #expect(result.status == 65)
        #expect(result.stdout.contains("/TX.yaml:22:9: error: unknown key 'efective' in version; did you mean 'effective'?\n"))
        #expect(result.stdout.contains(": 2 errors, 0 warnings (rules not loaded)"))
        // Planning refuses to run on rules that do not load.
        let plan = try OffboardProcess.run(["plan", "-", "--rules", rules.path], stdin: "{}")
        #expect(plan.status == 65)
        #expect(plan.stderr.contains("did not load; nothing was evaluated"))
    }

    @Test("lint of one file reports only that file; old reviews are warnings")
    func lintOneFileAndReviewAge() throws {
        let result = try OffboardProcess.run(["rules", "lint", "Rules/CA.yaml", "--today", "2028-01-01"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first == "Rules/CA.yaml: warning: last reviewed 2026-11-26, more than 12 months before 2028-01-01")
        #expect(lines.last?.hasPrefix("Rules/CA.yaml: 0 errors, 1 warning (") == true)
    }

    @Test("test prints each failing example with its file and line, and a closing count")
    func failingExample() throws {
        let rules = try OffboardProcess.copyOfRules()
        defer { try? FileManager.default.removeItem(at: rules.deletingLastPathComponent()) }
        let file = rules.appendingPathComponent("TX.yaml")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "expect: { due_date: 2025-03-10 }", with: "expect: { due_date: 2025-03-09 }")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try OffboardProcess.run(["rules", "test", rules.path])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix("/TX.yaml:40:9: error: example 'discharged Monday, day 6 is a Sunday and moves to Monday' (TX/final-pay.discharge) expected due_date 2025-03-09, computed due 2025-03-10T23:59:59-05:00 (due_date 2025-03-10)"))
        #expect(lines[1].hasSuffix(" passed, 1 failed"))
    }

    @Test("Rules come from --rules, else OFFBOARD_RULES, else the bundled Rules/")
    func discovery() throws {
        let elsewhere = try OffboardProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let bundled = try OffboardProcess.run(["rules", "lint"], in: elsewhere)
        #expect(bundled.status == 0)
        #expect(bundled.stdout.contains("0 errors"))
        let empty = elsewhere.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let fromEnv = try OffboardProcess.run(["rules", "test"], environment: ["OFFBOARD_RULES": empty.path], in: elsewhere)
        #expect(fromEnv.stdout == "0 passed, 0 failed\n")
        let flagWins = try OffboardProcess.run(
            ["rules", "test", "--rules", OffboardProcess.packageRoot.appendingPathComponent("Rules").path],
            environment: ["OFFBOARD_RULES": empty.path], in: elsewhere)
        #expect(!flagWins.stdout.hasPrefix("0 passed"))
    }

    @Test("demo plans every bundled sample event, then imports the sample export into this week and lists its deadlines")
    func demo() throws {
        let directory = try OffboardProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let started = Int(Date().timeIntervalSince1970)
        let result = try OffboardProcess.run(["demo", "--tz", "America/New_York"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.components(separatedBy: "== samples/").count - 1 == 4)
        #expect(result.stdout.split(separator: "\n").contains { $0.hasPrefix("Fri 2025-01-31 16:00 -08:00") && $0.contains(" final_pay ") && $0.contains("Cal. Lab. Code § 201(a)") })
        #expect(result.stdout.contains("samples/imports/terminations.csv, moved to the week of "))
        #expect(result.stdout.contains(": 12 events, 12 newly stored in offboard-demo.db"))
        // This week's deadlines, computed now: the CA discharge's final pay is always among them.
        let week = result.stdout.components(separatedBy: "Deadlines due this week (America/New_York):").last ?? ""
        #expect(week.contains("CA/final-pay.discharge@2020-01-01"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("offboard-demo.db").path))
        // The scheduler ran once: everything due before the demo started fired through the log connector, and
        // nothing that comes due later was attempted.
        let db = directory.appendingPathComponent("offboard-demo.db").path
        func count(_ sql: String) throws -> String {
            try Shell.run("/usr/bin/env", ["sqlite3", db, sql]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(try count("SELECT count(*) FROM actions WHERE due_at < \(started) AND status != 'completed'") == "0")
        #expect(try count("SELECT count(*) FROM attempts t JOIN actions a ON a.id = t.action_id WHERE a.due_at > strftime('%s', 'now')") == "0")
        #expect(result.stdout.contains("The scheduler, once"))
        // A second run in the same week changes nothing.
        let again = try OffboardProcess.run(["demo", "--tz", "America/New_York"], in: directory)
        #expect(again.stdout.contains(": 12 events, 0 newly stored in offboard-demo.db"))
    }
}
