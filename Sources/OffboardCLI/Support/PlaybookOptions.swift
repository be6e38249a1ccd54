import ArgumentParser
import Foundation
import OffboardCore
import OffboardScheduler

/// `--playbook FILE`, shared by the commands that act on a playbook.
struct PlaybookOptions: ParsableArguments {
    @Option(
        name: .customLong("playbook"),
        help: ArgumentHelp(
            "The playbook. Default: $OFFBOARD_PLAYBOOK, else ./offboard.yaml when present, else the bundled default (log connector only).",
            valueName: "file"))
    var path: String?

    func resolvedPath() throws -> String {
        if let path { return path }
        if let env = ProcessInfo.processInfo.environment["OFFBOARD_PLAYBOOK"], !env.isEmpty { return env }
        if FileManager.default.fileExists(atPath: "offboard.yaml") { return "offboard.yaml" }
        guard let bundled = Bundle.module.url(forResource: "Samples", withExtension: nil)?.appendingPathComponent("offboard.yaml").path
        else { throw ValidationError("no playbook: pass --playbook FILE") }
        return bundled
    }

    /// Loads the playbook, printing located errors and failing with exit 65 when it does not load.
    func load() throws -> Playbook {
        let path = try resolvedPath()
        guard let data = FileManager.default.contents(atPath: path) else {
            Console.error("error: \(path): cannot read the playbook")
            throw ExitStatus.noInput
        }
        do {
            return try PlaybookLoader.load(String(decoding: data, as: UTF8.self), path: path)
        } catch let error as DiagnosticsError {
            error.diagnostics.forEach { Console.error($0.description) }
            Console.error("error: \(path): the playbook did not load")
            throw ExitStatus.dataError
        }
    }
}
