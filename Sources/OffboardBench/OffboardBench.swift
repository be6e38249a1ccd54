import Foundation

/// `swift run -c release offboard-bench [--events N] [--query-obligations N] [--work DIR]`
///
/// Measures the store against the `sqlite3` shell on the same data, side by side in one run (the machine is
/// shared and noisy, so ratios matter more than absolute numbers):
/// 1. `offboard import` of N terminations from CSV (rule evaluation, obligations, audit), next to `sqlite3 .import`
///    of the very obligation rows it produced, into the same schema;
/// 2. `offboard deadlines --due-this-week --format json` on a store of about a million obligations, whole-process
///    wall time, next to `sqlite3 -json` running the same query on the same file.
@main
struct OffboardBench {
    static func main() throws {
        var options = BenchOptions()
        try options.parse(Array(CommandLine.arguments.dropFirst()))
        let bench = Bench(options: options)
        try bench.run()
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
    /// `import`, `query`, or both (nil).
    var only: String?

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
            case "--help", "-h":
                print("usage: offboard-bench [--events N] [--query-obligations N] [--runs N] [--rounds N] [--work DIR] [--offboard PATH] [--only import|query]")
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
