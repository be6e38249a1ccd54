import Foundation

extension RuleSet {
    /// Reads a rules directory: every `*.yaml` in it (rule files) and in its `calendars/` folder.
    ///
    /// - Parameters:
    ///   - directory: where to read.
    ///   - display: how the directory is named in diagnostics (`Rules`).
    /// - Throws: when a file cannot be read.
    public static func sources(inDirectory directory: String, displayedAs display: String) throws -> [SourceText] {
        let fm = FileManager.default
        var sources: [SourceText] = []
        for name in try fm.contentsOfDirectory(atPath: directory).sorted() where name.hasSuffix(".yaml") {
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            sources.append(.init(path: "\(display)/\(name)", text: text, isCalendar: false))
        }
        let calendars = directory + "/calendars"
        if fm.fileExists(atPath: calendars) {
            for name in try fm.contentsOfDirectory(atPath: calendars).sorted() where name.hasSuffix(".yaml") {
                let text = try String(contentsOfFile: calendars + "/" + name, encoding: .utf8)
                sources.append(.init(path: "\(display)/calendars/\(name)", text: text, isCalendar: true))
            }
        }
        return sources
    }
}
