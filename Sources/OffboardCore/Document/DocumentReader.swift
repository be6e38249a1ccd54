/// Collects diagnostics while a document is read, so one pass reports every problem.
public final class DiagnosticSink {
    public private(set) var diagnostics: [Diagnostic] = []
    /// Whether messages carry the field path (`separation.type: …`), as event errors do.
    public let includesPaths: Bool

    public init(includesPaths: Bool) { self.includesPaths = includesPaths }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public func error(at location: SourceLocation, path: String, _ message: String) {
        diagnostics.append(Diagnostic(.error, at: location, path: includesPaths && !path.isEmpty ? path : nil, message))
    }

    public func warning(at location: SourceLocation, path: String, _ message: String) {
        diagnostics.append(Diagnostic(.warning, at: location, path: includesPaths && !path.isEmpty ? path : nil, message))
    }

    public func append(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }
}

/// A cursor on one node of a document: its field path, and the sink its problems go to.
public struct DocumentReader {
    public let node: DocumentNode
    public let path: String
    public let sink: DiagnosticSink

    public init(_ node: DocumentNode, path: String = "", sink: DiagnosticSink) {
        self.node = node
        self.path = path
        self.sink = sink
    }

    public func error(_ message: String) { sink.error(at: node.location, path: path, message) }
    public func warning(_ message: String) { sink.warning(at: node.location, path: path, message) }

    public func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Reads a mapping whose keys must all be in `allowed`; an unknown key is an error with a suggestion.
    ///
    /// - Parameter what: how the mapping is named in messages ("version", "separation").
    /// - Returns: `nil` (after reporting) when the node is not a mapping.
    public func object(_ what: String, allowed: [String]) -> ObjectReader? {
        guard let members = node.members else {
            error("expected \(what) to be a mapping, found \(node.kindDescription)")
            return nil
        }
        for member in members where !allowed.contains(member.key) {
            var message = "unknown key '\(member.key)' in \(what)"
            if let guess = closestMatch(to: member.key, in: allowed) {
                message += "; did you mean '\(guess)'?"
            } else {
                message += " (expected: \(allowed.joined(separator: ", ")))"
            }
            sink.error(at: member.keyLocation, path: childPath(member.key), message)
        }
        return ObjectReader(reader: self, members: members, what: what)
    }

    /// Reads a list; `nil` (after reporting) when the node is not one.
    public func list(_ what: String) -> [DocumentReader]? {
        guard let elements = node.elements else {
            error("expected \(what) to be a list, found \(node.kindDescription)")
            return nil
        }
        return elements.enumerated().map { DocumentReader($1, path: "\(path)[\($0)]", sink: sink) }
    }

    public var isNull: Bool {
        if case .null = node.value { return true }
        return false
    }

    public func string() -> String? {
        switch node.value {
        case let .string(s): return s
        default:
            error("expected text, found \(node.kindDescription)")
            return nil
        }
    }

    /// A non-empty string without surrounding whitespace.
    public func identifier(_ what: String) -> String? {
        guard let s = string() else { return nil }
        guard !s.isEmpty, s.trimmingWhitespace == s else {
            error("\(what) must be non-empty text without surrounding spaces")
            return nil
        }
        return s
    }

    public func integer(in range: ClosedRange<Int>? = nil) -> Int? {
        guard case let .number(text) = node.value, let value = Int(text) else {
            error("expected a whole number, found \(node.kindDescription)")
            return nil
        }
        if let range, !range.contains(value) {
            error("expected a whole number from \(range.lowerBound) to \(range.upperBound), found \(value)")
            return nil
        }
        return value
    }

    /// `true` or `false`, spelt exactly so (YAML 1.1's `yes`/`no`/`on`/`off` are rejected, not guessed).
    public func bool() -> Bool? {
        guard case let .bool(b) = node.value else {
            error("expected true or false, found \(node.kindDescription)")
            return nil
        }
        return b
    }

    public func date() -> CivilDate? {
        guard let s = string() else { return nil }
        guard let d = CivilDate(parsing: s) else {
            error("expected a date as YYYY-MM-DD, found \"\(s)\"")
            return nil
        }
        return d
    }

    public func instant() -> Instant? {
        guard let s = string() else { return nil }
        guard let i = Instant(rfc3339: s) else {
            error("expected an RFC 3339 instant with an offset (e.g. 2025-03-14T16:00:00-07:00), found \"\(s)\"")
            return nil
        }
        return i
    }

    /// One of an enum's raw values, with a "did you mean" for near misses.
    public func oneOf<E: RawRepresentable & CaseIterable>(_ type: E.Type, _ what: String) -> E? where E.RawValue == String {
        guard let s = string() else { return nil }
        if let value = E(rawValue: s) { return value }
        let names = E.allCases.map(\.rawValue)
        var message = "unknown \(what) '\(s)'"
        if let guess = closestMatch(to: s, in: names) {
            message += "; did you mean '\(guess)'?"
        } else {
            message += " (expected one of: \(names.joined(separator: ", ")))"
        }
        error(message)
        return nil
    }
}

/// A mapping being read: look keys up, report the missing required ones.
public struct ObjectReader {
    public let reader: DocumentReader
    public let members: [DocumentNode.Member]
    public let what: String

    public func has(_ key: String) -> Bool { members.contains { $0.key == key } }

    /// The value at `key`, or `nil` when absent (an explicit `null` counts as absent).
    public func optional(_ key: String) -> DocumentReader? {
        guard let member = members.first(where: { $0.key == key }) else { return nil }
        let r = DocumentReader(member.value, path: reader.childPath(key), sink: reader.sink)
        return r.isNull ? nil : r
    }

    /// The value at `key`; reports "missing required key" when absent.
    public func required(_ key: String) -> DocumentReader? {
        if let r = optional(key) { return r }
        reader.sink.error(
            at: reader.node.location, path: reader.childPath(key), "missing required key '\(key)' in \(what)")
        return nil
    }

    public func location(of key: String) -> SourceLocation? {
        members.first { $0.key == key }?.keyLocation
    }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
