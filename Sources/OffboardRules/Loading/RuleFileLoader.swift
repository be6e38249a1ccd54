public import OffboardCore

/// Reads one rule file under the strict `offboard-rules/1` profile.
///
/// Loading never stops at the first problem: every unknown key, wrong type, overlapping version,
/// version without citation and obligation without example is reported with `file:line:column`.
/// A file with any error yields no ``RuleFile``.
public enum RuleFileLoader {
    /// - Parameters:
    ///   - text: the YAML text.
    ///   - path: the path shown in diagnostics (`Rules/CA.yaml`).
    /// - Returns: the file when it has no errors, and every diagnostic (warnings included).
    public static func load(_ text: String, path: String) -> (file: RuleFile?, diagnostics: [Diagnostic]) {
        let node: DocumentNode
        do {
            node = try YAMLDocument.parse(text, file: path)
        } catch {
            return (nil, [error])
        }
        let sink = DiagnosticSink(includesPaths: false)
        let file = read(DocumentReader(node, sink: sink), path: path)
        return (sink.hasErrors ? nil : file, sink.diagnostics)
    }

    static func read(_ reader: DocumentReader, path: String) -> RuleFile? {
        guard let root = reader.object("a rule file", allowed: ["schema", "jurisdiction", "reviewed", "obligations"]) else {
            return nil
        }
        if let schema = root.required("schema"), let s = schema.string(), s != RuleFile.schema {
            schema.error("unsupported schema '\(s)'; this offboard reads '\(RuleFile.schema)'")
        }
        let jurisdiction = root.required("jurisdiction").flatMap(readJurisdiction)
        let reviewed = root.required("reviewed").flatMap(readReview)
        var obligations: [Obligation] = []
        if let list = root.required("obligations")?.list("obligations") {
            if list.isEmpty { root.required("obligations")?.error("a rule file needs at least one obligation") }
            var seen: [String: SourceLocation] = [:]
            for item in list {
                guard let obligation = readObligation(item, jurisdiction: jurisdiction?.code) else { continue }
                if let first = seen[obligation.id] {
                    item.error("duplicate obligation id '\(obligation.id)' (first at line \(first.line ?? 0))")
                }
                seen[obligation.id] = obligation.location
                obligations.append(obligation)
            }
        }
        guard let jurisdiction, let reviewed else { return nil }
        return RuleFile(path: path, jurisdiction: jurisdiction, reviewed: reviewed, obligations: obligations)
    }

    static func readJurisdiction(_ r: DocumentReader) -> Jurisdiction? {
        guard let o = r.object("jurisdiction", allowed: ["code", "name", "time_zone", "calendar"]) else { return nil }
        var code: String?
        if let c = o.required("code"), let s = c.string() {
            if s == "US" || (s.count == 2 && s.allSatisfy { $0.isASCII && $0.isUppercase }) {
                code = s
            } else {
                c.error("jurisdiction code must be US or a two-letter state code in capitals, found \"\(s)\"")
            }
        }
        let name = o.required("name")?.identifier("jurisdiction name")
        var zone: Zone?
        var zoneOK = false
        if let z = o.required("time_zone"), let s = z.string() {
            if s == "worksite" {
                zoneOK = true
                if code != nil && code != "US" { z.error("time_zone 'worksite' is only for federal rules (code US)") }
            } else if let found = Zone(identifier: s) {
                zone = found
                zoneOK = true
            } else {
                z.error("unknown IANA time zone \"\(s)\" (e.g. America/Chicago, or 'worksite' for federal rules)")
            }
        }
        let calendar = o.required("calendar")?.identifier("calendar id")
        guard let code, let name, zoneOK, let calendar else { return nil }
        return Jurisdiction(code: code, name: name, timeZone: zone, calendar: calendar)
    }

    static func readReview(_ r: DocumentReader) -> Review? {
        guard let o = r.object("reviewed", allowed: ["on", "by"]) else { return nil }
        let on = o.required("on")?.date()
        let by = o.required("by")?.identifier("reviewer")
        guard let on, let by else { return nil }
        return Review(on: on, by: by)
    }

    static let obligationKeys = ["id", "kind", "title", "actor", "nature", "applies_when", "versions", "examples"]

    static func readObligation(_ r: DocumentReader, jurisdiction: String?) -> Obligation? {
        guard let o = r.object("obligation", allowed: obligationKeys) else { return nil }
        var id: String?
        if let i = o.required("id"), let s = i.identifier("obligation id") {
            if s.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") }) {
                id = s
            } else {
                i.error("obligation id must use lower-case letters, digits, '-' and '.', found \"\(s)\"")
            }
        }
        let kind = o.required("kind")?.oneOf(ObligationKind.self, "obligation kind")
        let title = o.required("title")?.identifier("title")
        let actor = o.required("actor")?.oneOf(Actor.self, "actor")
        let nature = o.optional("nature").map { $0.oneOf(Nature.self, "nature") } ?? .deadline
        let conditions = o.optional("applies_when").flatMap(readConditions) ?? []
        var versions: [RuleVersion] = []
        if let list = o.required("versions")?.list("versions") {
            if list.isEmpty { o.optional("versions")?.error("an obligation needs at least one version") }
            versions = list.compactMap(readVersion)
            checkVersionOrder(versions, sink: r.sink)
        }
        var examples: [RuleExample] = []
        if let e = o.optional("examples"), let list = e.list("examples") {
            examples = list.compactMap { readExample($0, jurisdiction: jurisdiction) }
            if list.isEmpty { e.error("obligation '\(id ?? "?")' needs at least one example") }
        } else if !o.has("examples") {
            r.error("obligation '\(id ?? "?")' has no examples; add at least one under 'examples'")
        }
        guard let id, let kind, let title, let actor, let nature else { return nil }
        return Obligation(
            id: id, kind: kind, title: title, actor: actor, nature: nature, appliesWhen: conditions,
            versions: versions, examples: examples, location: r.node.location)
    }

    static func readVersion(_ r: DocumentReader) -> RuleVersion? {
        guard let o = r.object("version", allowed: ["effective", "until", "source", "text", "note", "deadline"]) else {
            return nil
        }
        let effective = o.required("effective")?.date()
        let until = o.optional("until")?.date()
        if let effective, let until, until < effective {
            o.optional("until")?.error("until \(until) is before effective \(effective)")
        }
        var source: Source?
        if let s = o.optional("source") {
            source = readSource(s)
        } else {
            r.error("version has no source; every version must cite its statute (source: { citation: …, url: … })")
        }
        let text = o.optional("text")?.string()
        let note = o.optional("note")?.string()
        let deadline = o.required("deadline").flatMap { readDeadline($0) }
        guard let effective, let source, let deadline else { return nil }
        return RuleVersion(
            effective: effective, until: until, source: source, text: text, note: note, deadline: deadline,
            location: r.node.location)
    }

    static func readSource(_ r: DocumentReader) -> Source? {
        guard let o = r.object("source", allowed: ["citation", "url"]) else { return nil }
        let citation = o.required("citation")?.identifier("citation")
        var url: String?
        if let u = o.optional("url"), let s = u.string() {
            if s.hasPrefix("https://") || s.hasPrefix("http://") { url = s } else { u.error("url must start with https://") }
        }
        guard let citation else { return nil }
        return Source(citation: citation, url: url)
    }

    static func checkVersionOrder(_ versions: [RuleVersion], sink: DiagnosticSink) {
        for (previous, next) in zip(versions, versions.dropFirst()) {
            if next.effective <= previous.effective {
                sink.error(
                    at: next.location, path: "",
                    "versions must be in order of their effective dates: \(next.effective) comes after \(previous.effective)")
            } else if let until = previous.until, until >= next.effective {
                sink.error(
                    at: next.location, path: "",
                    "version effective \(next.effective) overlaps the version effective \(previous.effective), which runs until \(until)")
            }
        }
    }
}
