import ArgumentParser
import OffboardCore
import OffboardRules

/// `offboard demo`: plans the bundled sample events against the bundled rules.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Plan the bundled sample events with the bundled rules: a first look at real deadlines."
    )

    @OptionGroup var rules: RulesOptions

    func run() throws {
        let ruleSet = try rules.load()
        let samples = try BundledFiles.sampleEvents()
        for (index, sample) in samples.enumerated() {
            let event: TerminationEvent
            do {
                event = try TerminationEventParser.parse(json: sample.text, file: "samples/\(sample.name)")
            } catch {
                Console.error("\(error)")
                throw ExitStatus.dataError
            }
            if index > 0 { Console.out("") }
            Console.out("== samples/\(sample.name)")
            Console.out(PlanRenderer.table(try PlanCommand.plan(event, rules: ruleSet)))
        }
    }
}
