import ArgumentParser
import Foundation
import OffboardCore
import OffboardRules

/// `--rules DIR`, shared by every command that reads rules.
struct RulesOptions: ParsableArguments {
    @Option(
        name: .customLong("rules"),
        help: ArgumentHelp(
            "The rules directory. Default: $OFFBOARD_RULES, else the bundled Rules/.", valueName: "dir"))
    var directory: String?

    /// The directory to read: the flag, else `$OFFBOARD_RULES`, else the bundled `Rules/`.
    func resolvedDirectory() throws -> String {
        if let directory { return directory }
        if let env = ProcessInfo.processInfo.environment["OFFBOARD_RULES"], !env.isEmpty { return env }
        if let bundled = BundledFiles.rulesDirectory() { return bundled }
        throw ValidationError("no rules directory: pass --rules DIR or set OFFBOARD_RULES")
    }

    /// Loads the whole rule set, printing diagnostics and failing with exit 65 when it does not load.
    func load() throws -> RuleSet {
        try RulesOptions.load(directory: try resolvedDirectory())
    }

    /// Loads the rule set in `directory`, printing diagnostics and failing with exit 65 when it does not load.
    static func load(directory: String) throws -> RuleSet {
        let (set, diagnostics) = try RuleDirectory.load(directory)
        for d in diagnostics where d.severity == .error || set == nil { Console.error(d.description) }
        guard let set else {
            Console.error("error: the rules in \(RuleDirectory.displayPath(directory)) did not load; nothing was evaluated")
            throw ExitStatus.dataError
        }
        return set
    }
}

/// Reads `Rules/` from disk into the loader's sources.
enum RuleDirectory {
    /// Paths shown relative to the working directory when they are inside it.
    static func displayPath(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let absolute = path.hasPrefix("/") ? path : cwd + "/" + path
        let standardized = URL(fileURLWithPath: absolute).standardizedFileURL.path
        if standardized.hasPrefix(cwd + "/") { return String(standardized.dropFirst(cwd.count + 1)) }
        return standardized
    }

    static func sources(in directory: String) throws -> [RuleSet.SourceText] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            Console.error("error: \(directory): no such rules directory")
            throw ExitStatus.noInput
        }
        return try RuleSet.sources(inDirectory: directory, displayedAs: displayPath(directory))
    }

    static func load(_ directory: String) throws -> (RuleSet?, [Diagnostic]) {
        RuleSet.load(try sources(in: directory))
    }
}
