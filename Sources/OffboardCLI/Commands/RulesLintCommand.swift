import ArgumentParser
import Foundation
import OffboardCore
import OffboardRules

/// `offboard rules lint [PATH]`: validates rule files and calendars without evaluating anything.
struct RulesLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Validate rule files and calendars; report every problem with file:line:column.",
        discussion: "Exit status: 0 when clean (warnings allowed), 65 when there are errors."
    )

    @Argument(help: ArgumentHelp("A rules directory, or one rule file in it. Default: the rules directory.", valueName: "path"))
    var path: String?

    @Option(help: ArgumentHelp("Today's date for review-age warnings (default: today in UTC).", valueName: "yyyy-mm-dd"))
    var today: String?

    @OptionGroup var rules: RulesOptions

    func run() throws {
        let target = try LintTarget(path: path, rules: rules)
        let (set, diagnostics) = try RuleDirectory.load(target.directory)
        var shown = diagnostics.filter { target.includes($0.location.file) }
        if let set {
            shown += reviewWarnings(set, today: try Today.resolve(today)).filter { target.includes($0.location.file) }
        }
        shown.forEach { Console.out($0.description) }
        let errors = shown.filter { $0.severity == .error }.count
        let warnings = shown.count - errors
        let loaded = set.map { "\($0.files.count) rule files, \($0.calendars.count) calendars" } ?? "rules not loaded"
        Console.out("\(target.display): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s") (\(loaded))")
        if errors > 0 || set == nil { throw ExitStatus.dataError }
    }

    /// A review older than 12 months is a warning: the law may have moved.
    func reviewWarnings(_ set: RuleSet, today: CivilDate) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let limit = (try? today.adding(months: -12, policy: .lastDayOfMonth)) ?? today
        for file in set.files.values.sorted(by: { $0.path < $1.path }) where file.reviewed.on < limit {
            found.append(Diagnostic(.warning, at: SourceLocation(file: file.path), "last reviewed \(file.reviewed.on), more than 12 months before \(today)"))
        }
        for file in set.calendars.values.sorted(by: { $0.path < $1.path }) where file.reviewed.on < limit {
            found.append(Diagnostic(.warning, at: SourceLocation(file: file.path), "last reviewed \(file.reviewed.on), more than 12 months before \(today)"))
        }
        return found
    }
}

/// What a lint or test run covers: a whole directory, or one file inside it.
struct LintTarget {
    var directory: String
    var file: String?
    var display: String

    init(path: String?, rules: RulesOptions) throws {
        let path = try path ?? rules.resolvedDirectory()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            Console.error("error: \(path): no such file or directory")
            throw ExitStatus.noInput
        }
        if isDirectory.boolValue {
            directory = path
            file = nil
        } else {
            var parent = URL(fileURLWithPath: path).deletingLastPathComponent()
            if parent.lastPathComponent == "calendars" { parent = parent.deletingLastPathComponent() }
            directory = parent.path
            file = RuleDirectory.displayPath(path)
        }
        display = file ?? RuleDirectory.displayPath(directory)
    }

    func includes(_ shownPath: String) -> Bool { file.map { $0 == shownPath } ?? true }
}

/// Today's civil date: given explicitly, else from the system clock in UTC.
enum Today {
    static func resolve(_ text: String?) throws -> CivilDate {
        if let text {
            guard let date = CivilDate(parsing: text) else { throw ValidationError("--today expects YYYY-MM-DD, got '\(text)'") }
            return date
        }
        return Zone.utc.civilDate(of: Instant(Date()))
    }
}
