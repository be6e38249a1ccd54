public import OffboardCore

/// Every rule file and calendar of a `Rules/` directory, checked together.
///
/// A rule set is all or nothing: if any file has an error, ``RuleSet/load(_:)`` returns no set, so a bad
/// edit can never replace good rules that are already loaded.
public struct RuleSet: Sendable {
    /// Rule files by jurisdiction code (`US`, `CA`, …).
    public let files: [String: RuleFile]
    /// Calendars by id.
    public let calendars: [String: CalendarFile]

    public init(files: [String: RuleFile], calendars: [String: CalendarFile]) {
        self.files = files
        self.calendars = calendars
    }

    /// A source file handed to the loader: its display path, and its text.
    public struct SourceText: Sendable {
        public var path: String
        public var text: String
        public var isCalendar: Bool

        public init(path: String, text: String, isCalendar: Bool) {
            self.path = path
            self.text = text
            self.isCalendar = isCalendar
        }
    }

    /// Loads and cross-checks a whole set.
    /// - Returns: the set when nothing is wrong, and every diagnostic (warnings included).
    public static func load(_ sources: [SourceText]) -> (set: RuleSet?, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var files: [String: RuleFile] = [:]
        var calendars: [String: CalendarFile] = [:]
        var failed = false
        for source in sources.sorted(by: { $0.path < $1.path }) {
            if source.isCalendar {
                let (file, found) = CalendarFileLoader.load(source.text, path: source.path)
                diagnostics += found
                guard let file else { failed = true; continue }
                let expected = baseName(source.path)
                if file.calendar.id != expected {
                    diagnostics.append(Diagnostic(at: file.location, "calendar id '\(file.calendar.id)' must match its file name '\(expected)'"))
                } else if calendars[file.calendar.id] != nil {
                    diagnostics.append(Diagnostic(at: file.location, "calendar '\(file.calendar.id)' is defined twice"))
                }
                calendars[file.calendar.id] = file
            } else {
                let (file, found) = RuleFileLoader.load(source.text, path: source.path)
                diagnostics += found
                guard let file else { failed = true; continue }
                let expected = baseName(source.path)
                if file.jurisdiction.code != expected {
                    diagnostics.append(
                        Diagnostic(at: SourceLocation(file: source.path, line: 1, column: 1),
                                   "jurisdiction code '\(file.jurisdiction.code)' must match its file name '\(expected)'"))
                } else if files[file.jurisdiction.code] != nil {
                    diagnostics.append(Diagnostic(at: SourceLocation(file: source.path), "jurisdiction '\(expected)' is defined twice"))
                }
                files[file.jurisdiction.code] = file
            }
        }
        let set = RuleSet(files: files, calendars: calendars)
        if !failed { diagnostics += set.crossCheck() }
        let hasErrors = failed || diagnostics.contains { $0.severity == .error }
        return (hasErrors ? nil : set, diagnostics)
    }

    private static func baseName(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name
    }

    /// Checks that need more than one file: calendars exist, examples belong to their file, and every
    /// version is exercised by an example whose separation falls in it.
    func crossCheck() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for file in files.values.sorted(by: { $0.path < $1.path }) {
            if calendars[file.jurisdiction.calendar] == nil {
                diagnostics.append(
                    Diagnostic(at: SourceLocation(file: file.path),
                               "calendar '\(file.jurisdiction.calendar)' not found (expected calendars/\(file.jurisdiction.calendar).yaml)"))
            }
            for obligation in file.obligations {
                for example in obligation.examples where !file.jurisdiction.isFederal {
                    if example.event.employee.workState != file.jurisdiction.code {
                        diagnostics.append(
                            Diagnostic(at: example.location,
                                       "example '\(example.name)' is for work_state \(example.event.employee.workState), not \(file.jurisdiction.code)"))
                    }
                }
                for version in obligation.versions {
                    let covered = obligation.examples.contains { example in
                        guard let zone = try? zone(for: example.event, rules: file) else { return false }
                        let date = zone.civilDate(of: example.event.separation.effectiveAt)
                        return obligation.version(on: date)?.effective == version.effective
                    }
                    if !covered {
                        diagnostics.append(
                            Diagnostic(at: version.location,
                                       "version effective \(version.effective) of '\(obligation.id)' has no example; add one whose separation falls in it"))
                    }
                }
            }
        }
        return diagnostics
    }

    /// The rule file for an event's work state.
    public func stateFile(for event: TerminationEvent) -> RuleFile? { files[event.employee.workState] }

    /// The federal rule file, if the set has one.
    public var federal: RuleFile? { files["US"] }

    /// The worksite zone for `event`: `employee.time_zone`, else the zone of the work state's rule file.
    public func zone(for event: TerminationEvent, rules: RuleFile? = nil) throws(MissingInput) -> Zone {
        if let name = event.employee.timeZone, let zone = Zone(identifier: name) { return zone }
        if let zone = files[event.employee.workState]?.jurisdiction.timeZone { return zone }
        if let zone = rules?.jurisdiction.timeZone { return zone }
        throw MissingInput(
            field: "employee.time_zone", purpose: "because no rule file for \(event.employee.workState) gives a zone")
    }
}
