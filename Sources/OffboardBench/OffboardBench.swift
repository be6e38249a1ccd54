import Foundation

/// `swift run -c release offboard-bench [--events N] [--query-obligations N] [--work DIR]`
///
/// Measures the store against the `sqlite3` shell on the same data, side by side in one run (the machine is
/// shared and noisy, so ratios matter more than absolute numbers):
/// 1. `offboard import` of N terminations from CSV (rule evaluation, obligations, audit), next to `sqlite3 .import`
///    of the very obligation rows it produced, into the same schema;
/// 2. `offboard deadlines --due-this-week --format json` on a store of about a million obligations, whole-process
///    wall time, next to `sqlite3 -json` running the same query on the same file;
/// 3. `offboard run` firing N webhook actions to a receiver on loopback: lateness p50/p99 when they come due
///    over a minute, and actions/s when all are due at once next to the receiver's own capacity.
@main
struct OffboardBench {
    static func main() async throws {
        var options = BenchOptions()
        try options.parse(Array(CommandLine.arguments.dropFirst()))
        let bench = Bench(options: options)
        try bench.run()
        if options.only == nil || options.only == "scheduler" { try await SchedulerBench(bench: bench).run() }
        if options.only == nil || options.only == "intake" { try await IntakeBench(bench: bench).run() }
    }
}

struct BenchOptions {
    var events = 100_000
    var queryObligations = 1_000_000
    var runs = 5
    /// Rounds of the import comparison.
    var rounds = 3
    var work = FileManager.default.temporaryDirectory.appendingPathComponent("offboard-bench").path
    var offboard = ".build/release/offboard"
    /// `import`, `query`, `scheduler`, or all (nil).
    var only: String?
    /// Scheduler benchmark: how many actions, spread over how many seconds, starting how long after generation.
    var actions = 10_000
    var spread = 60
    var lead = 30
    var parallelism = 16
    /// Passed to `offboard run --claim-ahead` (seconds); nil leaves run's default.
    var claimAhead: String?
    /// Intake benchmark: how many events, how many requests in flight.
    var intakeEvents = 5_000
    var concurrency = 32

    mutating func parse(_ arguments: [String]) throws {
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < arguments.count else { throw BenchError("\(arguments[i - 1]) needs a value") }
            return arguments[i]
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--events": events = Int(try value()) ?? events
            case "--query-obligations": queryObligations = Int(try value()) ?? queryObligations
            case "--runs": runs = Int(try value()) ?? runs
            case "--rounds": rounds = max(1, Int(try value()) ?? rounds)
            case "--work": work = try value()
            case "--offboard": offboard = try value()
            case "--only": only = try value()
            case "--actions": actions = Int(try value()) ?? actions
            case "--spread": spread = Int(try value()) ?? spread
            case "--lead": lead = Int(try value()) ?? lead
            case "--parallelism": parallelism = Int(try value()) ?? parallelism
            case "--claim-ahead": claimAhead = try value()
            case "--intake-events": intakeEvents = Int(try value()) ?? intakeEvents
            case "--concurrency": concurrency = max(1, Int(try value()) ?? concurrency)
            case "--help", "-h":
                print("usage: offboard-bench [--events N] [--query-obligations N] [--runs N] [--rounds N] [--work DIR] [--offboard PATH] [--only import|query|scheduler|intake] [--actions N] [--spread S] [--lead S] [--parallelism N] [--claim-ahead S] [--intake-events N] [--concurrency N]")
                exit(0)
            default: throw BenchError("unknown option \(arguments[i])")
            }
            i += 1
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
