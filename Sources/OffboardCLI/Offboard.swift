import ArgumentParser

/// The composition root: the only place that reads the environment, the clock and the file system
/// on behalf of the libraries, and turns their results into output and exit codes.
@main
struct Offboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offboard",
        abstract: "Compliance deadline scheduler for employee offboarding.",
        discussion: """
            A termination event goes in; the statutory deadlines it triggers (final pay, COBRA, benefits, \
            state notices) come out, each with the rule version and citation that produced it.
            """,
        version: "0.1.0",
        subcommands: [
            PlanCommand.self, TerminateCommand.self, ImportCommand.self, RescindCommand.self, DeadlinesCommand.self,
            ShowCommand.self, AuditCommand.self, CheckCommand.self, SimulateCommand.self, RunCommand.self, AckCommand.self, CompleteCommand.self, RulesCommand.self, DemoCommand.self,
        ]
    )
}

/// Exit codes, following sysexits(3) where one fits.
enum ExitStatus {
    /// Invalid input data: a bad event, a bad rule file, a rule that cannot decide (EX_DATAERR).
    static let dataError = ExitCode(65)
    /// An input file that does not exist or cannot be read (EX_NOINPUT).
    static let noInput = ExitCode(66)
    /// Rule examples failed.
    static let testsFailed = ExitCode(1)
    /// The audit chain is broken.
    static let verificationFailed = ExitCode(1)
    /// A configuration that cannot be used: a secret not set in the environment (EX_CONFIG).
    static let configError = ExitCode(78)
}
