import Foundation

struct Bench {
    let options: BenchOptions
    var work: URL { URL(fileURLWithPath: options.work) }

    func run() throws {
        try? FileManager.default.removeItem(at: work)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        guard FileManager.default.isExecutableFile(atPath: options.offboard) else {
            throw BenchError("\(options.offboard) not found: run `swift build -c release --product offboard` first")
        }
        print("offboard-bench: \(ProcessInfo.processInfo.activeProcessorCount) cores; sqlite3 \(try sh("sqlite3", ["--version"]).prefix(6))")
        if options.only == nil || options.only == "import" { try importBench() }
        if options.only == nil || options.only == "query" { try queryBench() }
    }

    // MARK: 1. import

    func importBench() throws {
        let csv = work.appendingPathComponent("terminations.csv").path
        try EventGenerator.writeCSV(to: csv, count: options.events, prefix: "bench")
        let db = work.appendingPathComponent("import.db").path
        let (importSeconds, output) = try timed { try sh(options.offboard, ["import", csv, "--database", db, "--batch-size", "1000"]) }
        let obligations = Int(try sqlite(db, "SELECT count(*) FROM obligations"))!
        let audit = Int(try sqlite(db, "SELECT count(*) FROM audit"))!
        print("\n## import \(options.events) terminations from CSV")
        print(output.trimmingCharacters(in: .whitespacesAndNewlines))

        // The same obligation rows, bulk-loaded by the sqlite3 shell into the same schema (indexes included),
        // two ways: `.import` of a CSV through a staging table (CSV has no NULL, and the table is STRICT), and
        // a script of INSERT statements in one transaction.
        let rows = work.appendingPathComponent("obligations.csv").path
        let inserts = work.appendingPathComponent("obligations.sql").path
        _ = try sh("sqlite3", ["-csv", db, ".once \(rows)", "SELECT * FROM obligations"])
        _ = try sh("sqlite3", [db, ".mode insert obligations", ".once \(inserts)", "SELECT * FROM obligations"])
        let schema = try sh("sqlite3", [db, ".schema obligations"])
        let columns = try sqlite(db, "SELECT group_concat(name, ',') FROM pragma_table_info('obligations')").split(separator: ",").map(String.init)
        let nullable = Set(try sqlite(db, "SELECT group_concat(name, ',') FROM pragma_table_info('obligations') WHERE \"notnull\" = 0 AND pk = 0").split(separator: ",").map(String.init))
        let integers = Set(try sqlite(db, "SELECT group_concat(name, ',') FROM pragma_table_info('obligations') WHERE type = 'INTEGER'").split(separator: ",").map(String.init))
        let select = columns.map { c -> String in
            var e = nullable.contains(c) ? "NULLIF(\(c), '')" : c
            if integers.contains(c) { e = "CAST(\(e) AS INTEGER)" }
            return e
        }.joined(separator: ", ")
        func freshRaw(_ name: String) throws -> String {
            let raw = work.appendingPathComponent(name).path
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: raw + suffix) }
            _ = try sh("sqlite3", [raw, "PRAGMA journal_mode=WAL"])
            _ = try sh("sqlite3", [raw], stdin: "PRAGMA foreign_keys=OFF;\n" + schema)
            return raw
        }
        // Rounds alternate the three loads, so a noisy neighbour slows all of them alike; the median ratio counts.
        var table: [String] = []
        var ratios: [Double] = []
        for round in 1...options.rounds {
            var seconds = importSeconds
            if round > 1 {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
                seconds = try timed { try sh(options.offboard, ["import", csv, "--database", db, "--batch-size", "1000"]) }.0
            }
            let staged = try freshRaw("raw-import.db")
            let (importRaw, _) = try timed {
                try sh("sqlite3", [staged], stdin: """
                    PRAGMA synchronous=NORMAL;
                    CREATE TEMP TABLE staging(\(columns.joined(separator: ",")));
                    .mode csv
                    .import \(rows) staging
                    INSERT INTO obligations SELECT \(select) FROM staging;

                    """)
            }
            let scripted = try freshRaw("raw-insert.db")
            let (insertRaw, _) = try timed {
                try sh("sqlite3", [scripted], stdin: "PRAGMA synchronous=NORMAL;\nBEGIN;\n.read \(inserts)\nCOMMIT;\n")
            }
            for raw in [staged, scripted] {
                let n = Int(try sqlite(raw, "SELECT count(*) FROM obligations"))!
                guard n == obligations else { throw BenchError("sqlite3 loaded \(n) rows into \(raw), expected \(obligations)") }
            }
            let ours = Double(obligations) / seconds, theirs = Double(obligations) / min(importRaw, insertRaw)
            ratios.append(ours / theirs)
            table.append("| \(round) | \(f(seconds)) s (\(Int(Double(options.events) / seconds)) events/s, \(Int(ours)) rows/s) | \(f(importRaw)) s (\(Int(Double(obligations) / importRaw)) rows/s) | \(f(insertRaw)) s (\(Int(Double(obligations) / insertRaw)) rows/s) | \(f(ours / theirs)) |")
        }
        print("""

            \(obligations) obligations and \(audit) audit entries per import.

            | round | offboard import (validate + plan + store + audit) | sqlite3 `.import` of the same obligation rows (CSV via a staging table) | sqlite3 script of the same rows as INSERT statements, one transaction | offboard rows/s ÷ faster sqlite3 rows/s |
            |---|---|---|---|---|
            \(table.joined(separator: "\n"))

            median ratio: \(f(median(ratios))) (target ≥ 0.33)
            """)
    }

    // MARK: 2. query

    func queryBench() throws {
        let db = work.appendingPathComponent("query.db").path
        // Enough events for the requested number of obligations (about six per event in the generated mix).
        var obligations = 0
        var batch = 0
        while obligations < options.queryObligations {
            let csv = work.appendingPathComponent("query-\(batch).csv").path
            let remaining = options.queryObligations - obligations
            try EventGenerator.writeCSV(to: csv, count: max(1_000, min(100_000, remaining / 5)), prefix: "q\(batch)")
            _ = try sh(options.offboard, ["import", csv, "--database", db, "--batch-size", "1000"])
            obligations = Int(try sqlite(db, "SELECT count(*) FROM obligations"))!
            batch += 1
        }
        // A week in the middle of the generated year.
        let now = "2025-07-09T12:00:00Z"
        let from = 1_751_846_400, until = from + 7 * 86_400  // Mon 2025-07-07 00:00Z … Mon 2025-07-14 00:00Z
        let sql = "SELECT * FROM obligations WHERE status = 'pending' AND due_at >= \(from) AND due_at < \(until) ORDER BY due_at IS NULL, due_at, id"
        let week = Int(try sqlite(db, "SELECT count(*) FROM (\(sql))"))!
        let oursArgs = ["deadlines", "--due-this-week", "--format", "json", "--tz", "UTC", "--now", now, "--database", db]
        let check = try sh(options.offboard, oursArgs)
        guard check.contains("\"count\": \(week)\n") else { throw BenchError("offboard returned a different row count than sqlite3 (\(week))") }
        var ours: [Double] = [], theirs: [Double] = []
        for _ in 0..<options.runs {
            ours.append(try timed { try sh(options.offboard, oursArgs, discard: true) }.0)
            theirs.append(try timed { try sh("sqlite3", ["-json", db, sql], discard: true) }.0)
        }
        let a = median(ours), b = median(theirs)
        print("""

            ## deadlines --due-this-week --format json on \(obligations) obligations (\(week) due that week)

            | run (median of \(options.runs), whole process) | wall |
            |---|---|
            | offboard deadlines --due-this-week --format json | \(f(a * 1000)) ms |
            | sqlite3 -json, the same query on the same file | \(f(b * 1000)) ms |

            offboard / sqlite3: \(f(a / b))× (target ≤ 1.5×)
            """)
    }

    // MARK: helpers

    func timed<T>(_ body: () throws -> T) rethrows -> (Double, T) {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try body()
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, value)
    }

    func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
    func f(_ x: Double) -> String { String(format: x < 10 ? "%.2f" : "%.0f", x) }

    func sqlite(_ db: String, _ sql: String) throws -> String {
        try sh("sqlite3", [db, sql]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    func sh(_ executable: String, _ arguments: [String], stdin: String? = nil, discard: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.contains("/") ? executable : "/usr/bin/env")
        process.arguments = executable.contains("/") ? arguments : [executable] + arguments
        let out = Pipe()
        process.standardOutput = discard ? FileHandle.nullDevice : out
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("offboard-bench-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer { try? FileManager.default.removeItem(at: errURL) }
        process.standardError = errHandle
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let data = discard ? Data() : out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errHandle.close()
        let errors = (try? Data(contentsOf: errURL)) ?? Data()
        guard process.terminationStatus == 0 else {
            throw BenchError("\(executable) \(arguments.prefix(2).joined(separator: " ")) failed: \(String(decoding: errors, as: UTF8.self).prefix(500))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
