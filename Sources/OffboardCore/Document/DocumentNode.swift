/// A parsed JSON or YAML document that remembers where every value came from.
///
/// Both input formats offboard reads (termination events in JSON; rule files and their embedded examples in
/// YAML) are turned into this one tree, so one set of readers validates them and every error can say
/// `file:line:column` and the field path.
public struct DocumentNode: Sendable {
    public enum Value: Sendable {
        case object([Member])
        case array([DocumentNode])
        case string(String)
        /// A number, kept as its source text so nothing is rounded.
        case number(String)
        case bool(Bool)
        case null
    }

    public struct Member: Sendable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: DocumentNode

        public init(key: String, keyLocation: SourceLocation, value: DocumentNode) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }

    /// A short name of the value's type for error messages ("a string", "a list").
    public var kindDescription: String {
        switch value {
        case .object: return "a mapping"
        case .array: return "a list"
        case let .string(s): return "the text \"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
        case let .number(n): return "the number \(n)"
        case let .bool(b): return "\(b)"
        case .null: return "nothing (null)"
        }
    }

    public var members: [Member]? {
        if case let .object(m) = value { return m }
        return nil
    }

    public var elements: [DocumentNode]? {
        if case let .array(a) = value { return a }
        return nil
    }

    public var string: String? {
        if case let .string(s) = value { return s }
        return nil
    }

    public subscript(key: String) -> DocumentNode? {
        members?.first { $0.key == key }?.value
    }
}
