import ArgumentParser
import Foundation
import OffboardCore
import OffboardRules
import OffboardScheduler

/// `offboard check`: the playbook and the rules, validated together.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the playbook and the rules together (located errors; exit 65 when either is bad).",
        discussion: """
            Checks the playbook (connectors, actions, fire rules, dependencies without cycles), the rules, and \
            what joins them: every obligation kind an action waits for is produced by some rule; every secret \
            the connectors name is set in the environment (a warning when not).
            """
    )

    @OptionGroup var playbookOptions: PlaybookOptions
    @OptionGroup var rules: RulesOptions

    func run() throws {
        let ruleSet = try rules.load()
        let playbook = try playbookOptions.load()
        var warnings: [String] = []
        let produced = Set(ruleSet.files.values.flatMap { $0.obligations.map(\.kind.rawValue) })
        for action in playbook.actions {
            for rule in Array(action.fire.values) + [action.defaultFire].compactMap({ $0 }) {
                if case let .before(kind, _) = rule, !produced.contains(kind) {
                    warnings.append("\(action.location): warning: action '\(action.id)' waits for \(kind), which no rule file produces")
                }
            }
        }
        let environment = ProcessInfo.processInfo.environment
        for connector in playbook.connectors.values.sorted(by: { $0.name < $1.name }) {
            for (key, variable) in connector.settings.sorted(by: { $0.key < $1.key }) where key.hasSuffix("_env") {
                if environment[variable]?.isEmpty ?? true {
                    warnings.append("\(connector.location): warning: connector '\(connector.name)': \(variable) is not set in this environment")
                }
            }
        }
        warnings.forEach { Console.error($0) }
        Console.out("\(playbook.path): \(playbook.actions.count) actions, \(playbook.connectors.count) connectors; rules: \(ruleSet.files.count) files; \(warnings.count) warnings")
    }
}
