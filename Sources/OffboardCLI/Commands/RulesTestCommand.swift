import ArgumentParser
import OffboardCore
import OffboardRules

/// `offboard rules test [PATH]`: runs every example embedded in the rule files.
struct RulesTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the examples embedded in the rule files.",
        discussion: "Prints each failure with its file:line and a closing 'N passed, N failed' line. Exit status: 0 all passed, 1 failures, 65 rules do not load."
    )

    @Argument(help: ArgumentHelp("A rules directory, or one rule file in it. Default: the rules directory.", valueName: "path"))
    var path: String?

    @Flag(name: .shortAndLong, help: "Also list the examples that pass.")
    var verbose = false

    @OptionGroup var rules: RulesOptions

    func run() throws {
        let target = try LintTarget(path: path, rules: rules)
        let (set, diagnostics) = try RuleDirectory.load(target.directory)
        guard let set else {
            diagnostics.filter { $0.severity == .error }.forEach { Console.error($0.description) }
            Console.error("error: the rules did not load; run 'offboard rules lint' for details")
            throw ExitStatus.dataError
        }
        let runner = RuleExampleRunner(rules: set)
        let outcomes = runner.cases(inFiles: target.file.map { [$0] }).map(runner.run)
        for outcome in outcomes {
            if let failure = outcome.failure {
                Console.out(failure)
            } else if verbose {
                Console.out("ok: \(outcome.testCase)")
            }
        }
        let failed = outcomes.filter { !$0.passed }.count
        Console.out("\(outcomes.count - failed) passed, \(failed) failed")
        if failed > 0 { throw ExitStatus.testsFailed }
    }
}
