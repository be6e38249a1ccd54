import Foundation

/// Turns CSV rows (an HRIS export) into termination events through the same reader as JSON events, so a CSV
/// row is checked exactly like a webhook body and its errors read `file.csv:12: error: separation.type: …`.
///
/// Columns are named by the event field they fill, as a dotted path (`employee.work_state`,
/// `separation.effective_at`); `renames` maps an export's own headers onto those names. An empty cell is an
/// absent field. `assets` holds `id:kind` pairs separated by `;`, `accounts` holds `system:account_id` pairs.
public struct CSVEventReader: Sendable {
    /// Every column an event can be filled from.
    public static let columns: [String] = [
        "event_id", "employee.id", "employee.work_state", "employee.time_zone",
        "separation.type", "separation.effective_at", "separation.last_day_worked", "separation.notice_given_at",
        "separation.gross_misconduct", "separation.demand_at", "separation.business_closing",
        "separation.property_returned_at",
        "payroll.frequency", "payroll.anchor_payday", "payroll.lag_days",
        "benefits.group_health_plan", "benefits.employer_size", "benefits.plan_administrator", "benefits.coverage_end",
        "benefits.funding",
        "assets", "accounts", "manager.id",
    ]
    static let booleans: Set<String> = ["separation.gross_misconduct", "separation.business_closing", "benefits.group_health_plan"]
    static let integers: Set<String> = ["payroll.lag_days", "benefits.employer_size"]

    public let file: String
    /// The field each column fills, by position; `nil` for a column that is ignored.
    let fields: [String]

    /// Reads the header record.
    /// - Throws: ``DiagnosticsError`` for an unknown column (with a did-you-mean), a duplicate column, or a
    ///   missing required one.
    public init(header: CSVParser.Record, file: String, renames: [String: String] = [:]) throws {
        self.file = file
        var diagnostics: [Diagnostic] = []
        var fields: [String] = []
        let location = SourceLocation(file: file, line: header.line)
        for (index, raw) in header.fields.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces)
            let field = renames[name] ?? name
            if !Self.columns.contains(field) {
                let hint = closestMatch(to: field, in: Self.columns).map { "; did you mean '\($0)'?" } ?? ""
                diagnostics.append(Diagnostic(at: location, "column \(index + 1) '\(name)' is not an event field\(hint) (rename a column with --column 'HEADER=field')"))
            } else if fields.contains(field) {
                diagnostics.append(Diagnostic(at: location, "column \(index + 1) '\(name)' fills \(field), which an earlier column already fills"))
            }
            fields.append(field)
        }
        for required in ["event_id", "employee.id", "employee.work_state", "separation.type", "separation.effective_at"]
        where !fields.contains(required) {
            diagnostics.append(Diagnostic(at: location, "the header has no '\(required)' column, which every event needs"))
        }
        if let problem = header.problem { diagnostics.append(Diagnostic(at: location, problem)) }
        guard diagnostics.isEmpty else { throw DiagnosticsError(diagnostics) }
        self.fields = fields
    }

    /// Reads one data record as an event.
    /// - Throws: ``DiagnosticsError`` with every problem of the row, each at `file:line` with its field path.
    public func event(from record: CSVParser.Record) throws -> TerminationEvent {
        let location = SourceLocation(file: file, line: record.line)
        if let problem = record.problem { throw DiagnosticsError([Diagnostic(at: location, problem)]) }
        guard record.fields.count == fields.count else {
            throw DiagnosticsError([Diagnostic(
                at: location, "the row has \(record.fields.count) fields but the header has \(fields.count)")])
        }
        var root: [String: [(String, DocumentNode)]] = [:]
        var top: [(String, DocumentNode)] = []
        for (field, cell) in zip(fields, record.fields) {
            let text = Self.trimmed(cell)
            guard !text.isEmpty else { continue }
            let node = DocumentNode(value(for: field, text, at: location), at: location)
            let parts = field.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                root[parts[0], default: []].append((parts[1], node))
            } else {
                top.append((field, node))
            }
        }
        for group in ["employee", "separation", "payroll", "benefits", "manager"] {
            guard let members = root[group] else { continue }
            top.append((group, DocumentNode(.object(members.map { .init(key: $0.0, keyLocation: location, value: $0.1) }), at: location)))
        }
        let document = DocumentNode(.object(top.map { .init(key: $0.0, keyLocation: location, value: $0.1) }), at: location)
        let sink = DiagnosticSink(includesPaths: true)
        let event = TerminationEventParser.read(DocumentReader(document, sink: sink))
        guard let event, !sink.hasErrors else { throw DiagnosticsError(sink.diagnostics) }
        return event
    }

    /// The cell without surrounding spaces and tabs (cheap when there are none, the common case).
    static func trimmed(_ s: String) -> String {
        guard let first = s.utf8.first, let last = s.utf8.last else { return s }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard blank(first) || blank(last) else { return s }
        return s.trimmingCharacters(in: .whitespaces)
    }

    func value(for field: String, _ text: String, at location: SourceLocation) -> DocumentNode.Value {
        if Self.booleans.contains(field) {
            switch text.lowercased() {
            case "true", "yes", "y", "1": return .bool(true)
            case "false", "no", "n", "0": return .bool(false)
            default: return .string(text)
            }
        }
        if Self.integers.contains(field), Int(text) != nil { return .number(text) }
        if field == "assets" || field == "accounts" {
            let keys = field == "assets" ? ("id", "kind") : ("system", "account_id")
            return .array(text.split(separator: ";").map { pair in
                let halves = pair.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                var members = [DocumentNode.Member(key: keys.0, keyLocation: location, value: DocumentNode(.string(halves[0]), at: location))]
                if halves.count == 2 {
                    members.append(.init(key: keys.1, keyLocation: location, value: DocumentNode(.string(halves[1]), at: location)))
                }
                return DocumentNode(.object(members), at: location)
            })
        }
        return .string(text)
    }
}
