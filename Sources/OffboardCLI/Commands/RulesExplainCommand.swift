import ArgumentParser
import OffboardCore
import OffboardRules

/// `offboard rules explain EVENT.json`: the derivation of every deadline (same as `plan --explain`).
struct RulesExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain, step by step, how each deadline of an event is derived.",
        discussion: "For each obligation: why it applies, which rule version was chosen and why, the anchor, the units, the days skipped (and which holiday), and the result."
    )

    @Argument(help: ArgumentHelp("The termination event (JSON), or '-' for standard input.", valueName: "event.json"))
    var event: String

    @OptionGroup var rules: RulesOptions

    func run() throws {
        let ruleSet = try rules.load()
        let event = try EventInput.read(self.event)
        Console.out(PlanRenderer.explanation(try PlanCommand.plan(event, rules: ruleSet)))
    }
}
