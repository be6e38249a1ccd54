import Foundation

/// Files that ship with offboard: the `Rules/` directory and the sample events.
enum BundledFiles {
    /// The bundled `Rules/`: next to an installed binary (`../share/offboard/Rules`), else in the
    /// package checkout this binary was built from.
    static func rulesDirectory() -> String? {
        var candidates: [String] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../share/offboard/Rules").standardizedFileURL.path)
        let packageRoot = URL(fileURLWithPath: #filePath)  // …/Sources/OffboardCLI/Support/BundledFiles.swift
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent("Rules").path)
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/US.yaml") }
    }

    /// The bundled sample events, sorted by name.
    static func sampleEvents() throws -> [(name: String, text: String)] {
        guard let directory = Bundle.module.url(forResource: "Samples", withExtension: nil) else { return [] }
        let events = directory.appendingPathComponent("events")
        return try FileManager.default.contentsOfDirectory(atPath: events.path).sorted()
            .filter { $0.hasSuffix(".json") }
            .map { ($0, try String(contentsOf: events.appendingPathComponent($0), encoding: .utf8)) }
    }
}

extension BundledFiles {
    /// The bundled sample HRIS export (`Samples/imports/terminations.csv`).
    static func sampleImport() throws -> (name: String, text: String) {
        guard let url = Bundle.module.url(forResource: "Samples", withExtension: nil)?
            .appendingPathComponent("imports/terminations.csv") else {
            throw ValidationErrorText("the bundled sample CSV is missing from this build")
        }
        return ("samples/imports/terminations.csv", try String(contentsOf: url, encoding: .utf8))
    }
}

struct ValidationErrorText: Error, CustomStringConvertible {
    var description: String
    init(_ text: String) { description = text }
}
