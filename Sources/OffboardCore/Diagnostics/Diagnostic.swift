/// One problem found in user input, printed compiler-style so editors and people can jump to it:
///
/// ```
/// Rules/CA.yaml:27:9: error: unknown key 'efective' in version; did you mean 'effective'?
/// event.json: error: separation.effective_at: expected an RFC 3339 instant with an offset
/// ```
///
/// Messages never contain personal data: ids and field paths only.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    public var location: SourceLocation
    /// A field path (`separation.effective_at`) for formats without line numbers.
    public var path: String?
    public var message: String

    public init(_ severity: Severity = .error, at location: SourceLocation, path: String? = nil, _ message: String) {
        self.severity = severity
        self.location = location
        self.path = path
        self.message = message
    }

    public var description: String {
        let where_ = path.map { "\($0): " } ?? ""
        return "\(location): \(severity.rawValue): \(where_)\(message)"
    }
}

/// A batch of diagnostics thrown together: input is checked completely, then rejected as a whole.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Suggests the closest known word for a misspelt one ("efective" → "effective"), or `nil`.
public func closestMatch(to word: String, in candidates: some Sequence<String>) -> String? {
    let lowered = word.lowercased()
    let candidates = Array(candidates)
    // A clipped name ("lag" for "lag_days") is a likelier slip than any edit.
    if lowered.count >= 3, let prefixed = candidates.first(where: { $0.lowercased().hasPrefix(lowered) }) {
        return prefixed
    }
    let scored = candidates.map { ($0, editDistance(lowered, $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    let limit = max(2, word.count / 3)
    return best.1 <= limit ? best.0 : nil
}

/// Levenshtein distance.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
