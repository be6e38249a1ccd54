import ArgumentParser

/// `offboard rules …`: what legal runs on `Rules/`.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check, test and explain the rule files.",
        subcommands: [RulesLintCommand.self, RulesTestCommand.self, RulesExplainCommand.self, RulesCalendarCommand.self, RulesCoverageCommand.self, RulesDiffCommand.self]
    )
}
