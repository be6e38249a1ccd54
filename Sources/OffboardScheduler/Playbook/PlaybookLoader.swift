import OffboardCore
import OffboardRules

/// Reads `offboard.yaml` (schema `offboard-playbook/1`). Every problem is reported with `file:line:column`;
/// a playbook with any error is not returned, so a bad edit never replaces a good playbook.
public enum PlaybookLoader {
    public static let schema = "offboard-playbook/1"

    /// - Throws: ``DiagnosticsError`` with every problem found.
    public static func load(_ text: String, path: String) throws -> Playbook {
        let node: DocumentNode
        do { node = try YAMLDocument.parse(text, file: path) } catch { throw DiagnosticsError([error]) }
        let sink = DiagnosticSink(includesPaths: false)
        let playbook = read(DocumentReader(node, sink: sink), path: path)
        guard let playbook, !sink.hasErrors else { throw DiagnosticsError(sink.diagnostics) }
        return playbook
    }

    static func read(_ reader: DocumentReader, path: String) -> Playbook? {
        guard let root = reader.object("the playbook", allowed: ["schema", "connectors", "escalation", "actions"]) else { return nil }
        if let s = root.required("schema"), let text = s.string(), text != schema {
            s.error("unsupported schema '\(text)'; this offboard reads '\(schema)'")
        }
        var connectors: [String: ConnectorConfig] = [:]
        if let c = root.required("connectors"), let o = c.object("connectors", allowed: c.node.members?.map(\.key) ?? []) {
            for member in o.members {
                if let config = readConnector(name: member.key, DocumentReader(member.value, path: c.childPath(member.key), sink: reader.sink)) {
                    connectors[member.key] = config
                }
            }
        }
        let escalation = root.required("escalation").flatMap(readEscalation)
        var actions: [ActionSpec] = []
        for item in root.required("actions")?.list("actions") ?? [] {
            if let action = readAction(item) { actions.append(action) }
        }
        check(actions, connectors: connectors, escalation: escalation, root: root)
        guard let escalation else { return nil }
        return Playbook(path: path, connectors: connectors, escalation: escalation, actions: actions)
    }

    static let settingsByKind: [ConnectorConfig.Kind: (required: [String], optional: [String])] = [
        .log: ([], []),
        .webhook: (["url", "secret_env"], ["timeout", "signature_header"]),
        .scim: (["base_url", "token_env"], ["timeout", "operation", "match"]),
        .email: (["host", "from", "to"], ["port", "timeout"]),
        .command: (["path"], ["timeout", "arguments"]),
    ]

    static func readConnector(name: String, _ r: DocumentReader) -> ConnectorConfig? {
        guard let kindNode = r.node.members?.first(where: { $0.key == "type" }) else {
            r.error("connector '\(name)' has no 'type' (one of \(ConnectorConfig.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
            return nil
        }
        guard let kind = DocumentReader(kindNode.value, path: r.childPath("type"), sink: r.sink).oneOf(ConnectorConfig.Kind.self, "connector type"),
              let settings = settingsByKind[kind],
              let o = r.object("connector '\(name)'", allowed: ["type"] + settings.required + settings.optional)
        else { return nil }
        var values: [String: String] = [:]
        for key in settings.required + settings.optional {
            let value = settings.required.contains(key) ? o.required(key) : o.optional(key)
            guard let value else { continue }
            if key == "to" {
                // Addresses of role mailboxes; a list, or one address.
                let items = value.node.elements != nil ? value.list("to")?.compactMap { $0.string() } : value.string().map { [$0] }
                if let items, !items.isEmpty { values[key] = items.joined(separator: ",") }
                for item in items ?? [] where !item.contains("@") || item.contains(where: { " <>,\r\n".contains($0) }) {
                    value.error("expected email addresses in 'to', found an entry that is not one")
                }
            } else if let text = value.string() {
                values[key] = text
            }
        }
        for (key, allowed) in [("operation", ["deactivate", "delete"]), ("match", ["externalId", "userName"])] {
            if let given = values[key], !allowed.contains(given) {
                o.optional(key)?.error("expected one of \(allowed.joined(separator: ", ")), found '\(given)'")
            }
        }
        for key in ["url", "base_url"] {
            if let url = values[key], !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
                o.optional(key)?.error("expected an http:// or https:// URL")
            }
        }
        if let port = values["port"], !(Int(port).map { (1...65535).contains($0) } ?? false) {
            o.optional("port")?.error("expected a port number (1-65535), found '\(port)'")
        }
        if let timeout = values["timeout"], Durations.seconds(timeout) == nil {
            o.optional("timeout")?.error("expected a duration such as 10s or 2m, found '\(timeout)'")
        }
        for key in ["secret_env", "token_env"] {
            if let env = values[key], !env.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }) {
                o.optional(key)?.error("\(key) names an environment variable (e.g. OFFBOARD_PAYROLL_SECRET), not the secret itself")
            }
        }
        return ConnectorConfig(name: name, kind: kind, settings: values, location: r.node.location)
    }

    static func readEscalation(_ r: DocumentReader) -> EscalationPolicy? {
        guard let o = r.object("escalation", allowed: ["connector", "targets", "warn_before", "ladder"]) else { return nil }
        let connector = o.required("connector")?.identifier("connector")
        let targets = o.required("targets")?.list("targets")?.compactMap { $0.identifier("target") } ?? []
        let warn = o.optional("warn_before")?.list("warn_before")?.compactMap(duration) ?? [86_400]
        let ladder = o.optional("ladder")?.list("ladder")?.compactMap(duration) ?? [0, 3600, 4 * 3600]
        if ladder.isEmpty { o.optional("ladder")?.error("the ladder needs at least one step (0s alerts at the miss)") }
        if targets.isEmpty { o.optional("targets")?.error("name at least one escalation target") }
        guard let connector else { return nil }
        return EscalationPolicy(connector: connector, targets: targets, warnBefore: warn, ladder: ladder)
    }

    static func readAction(_ r: DocumentReader) -> ActionSpec? {
        guard let o = r.object("an action", allowed: ["id", "title", "connector", "fire", "after", "verify", "retry"]) else { return nil }
        let id = o.required("id")?.identifier("action id")
        let title = o.optional("title")?.string() ?? id ?? ""
        let connector = o.required("connector")?.identifier("connector")
        var fire: [SeparationType: FireRule] = [:]
        var defaultFire: FireRule?
        if let f = o.required("fire"),
           let fo = f.object("fire", allowed: SeparationType.allCases.map(\.rawValue) + ["default"]) {
            for member in fo.members {
                let rule = readFire(DocumentReader(member.value, path: f.childPath(member.key), sink: r.sink))
                if member.key == "default" { defaultFire = rule } else if let type = SeparationType(rawValue: member.key) { fire[type] = rule }
            }
        }
        let after = o.optional("after")?.list("after")?.compactMap { $0.identifier("action id") } ?? []
        let verify = o.optional("verify")?.bool() ?? true
        var retry = RetryPolicy()
        if let rr = o.optional("retry"), let ro = rr.object("retry", allowed: ["attempts", "initial", "max"]) {
            retry.attempts = ro.optional("attempts")?.integer(in: 1...100) ?? retry.attempts
            retry.initial = ro.optional("initial").flatMap(duration) ?? retry.initial
            retry.maximum = ro.optional("max").flatMap(duration) ?? retry.maximum
        }
        guard let id, let connector else { return nil }
        return ActionSpec(
            id: id, title: title, connector: connector, fire: fire, defaultFire: defaultFire, after: after, verify: verify,
            retry: retry, location: r.node.location)
    }

    static func readFire(_ r: DocumentReader) -> FireRule? {
        guard let o = r.object("a fire rule", allowed: ["at", "offset", "within", "before", "lead"]) else { return nil }
        if o.has("at") == o.has("before") {
            r.error("a fire rule needs exactly one of 'at' (a moment of the separation) or 'before' (an obligation kind)")
            return nil
        }
        if o.has("at") {
            guard let moment = o.required("at")?.oneOf(FireRule.Moment.self, "moment") else { return nil }
            if o.has("lead") { o.optional("lead")?.error("'lead' goes with 'before'; use 'offset' with 'at'") }
            return .at(moment, offset: o.optional("offset").flatMap(duration) ?? 0, within: o.optional("within").flatMap(duration) ?? 3600)
        }
        guard let kindNode = o.required("before"), let kind = kindNode.string() else { return nil }
        let kinds = ObligationKind.allCases.map(\.rawValue)
        guard kinds.contains(kind) else {
            let hint = closestMatch(to: kind, in: kinds).map { "; did you mean '\($0)'?" } ?? ""
            kindNode.error("unknown obligation kind '\(kind)'\(hint)")
            return nil
        }
        if o.has("offset") || o.has("within") { r.error("'offset' and 'within' go with 'at'; use 'lead' with 'before'") }
        return .before(kind: kind, lead: o.optional("lead").flatMap(duration) ?? 0)
    }

    static func duration(_ r: DocumentReader) -> Int64? {
        guard let text = r.string() else { return nil }
        guard let seconds = Durations.seconds(text) else {
            r.error("expected a duration such as 30s, 15m, 4h or 2d, found '\(text)'")
            return nil
        }
        return seconds
    }

    /// Cross-checks: unique ids, known connectors, `after` naming earlier-or-later actions without cycles.
    static func check(_ actions: [ActionSpec], connectors: [String: ConnectorConfig], escalation: EscalationPolicy?, root: ObjectReader) {
        let sink = root.reader.sink
        var seen: [String: SourceLocation] = [:]
        for action in actions {
            if let first = seen[action.id] {
                sink.error(at: action.location, path: "actions", "action id '\(action.id)' is used twice (first at line \(first.line ?? 0))")
            }
            seen[action.id] = action.location
            if connectors[action.connector] == nil {
                let hint = closestMatch(to: action.connector, in: connectors.keys).map { "; did you mean '\($0)'?" } ?? ""
                sink.error(at: action.location, path: "actions", "action '\(action.id)' uses connector '\(action.connector)', which is not configured\(hint)")
            }
            for dependency in action.after where !actions.contains(where: { $0.id == dependency }) {
                let hint = closestMatch(to: dependency, in: actions.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
                sink.error(at: action.location, path: "actions", "action '\(action.id)' runs after '\(dependency)', which is not an action\(hint)")
            }
            if action.fire.isEmpty && action.defaultFire == nil {
                sink.error(at: action.location, path: "actions", "action '\(action.id)' has no fire rule")
            }
        }
        if let escalation, connectors[escalation.connector] == nil {
            sink.error(at: root.location(of: "escalation") ?? root.reader.node.location, path: "escalation",
                       "escalation connector '\(escalation.connector)' is not configured")
        }
        if let cycle = ActionOrder.cycle(in: actions) {
            sink.error(at: actions.first { $0.id == cycle[0] }?.location ?? root.reader.node.location, path: "actions",
                       "actions depend on each other in a cycle: \(cycle.joined(separator: " → "))")
        }
    }
}
