/// A JSON value that keeps its keys in the order they were written, so output reads top-down.
public indirect enum JSONText: Sendable {
    case object([(String, JSONText)])
    case array([JSONText])
    case string(String)
    case number(Int)
    case bool(Bool)
    case null

    public static func optional(_ s: String?) -> JSONText { s.map { .string($0) } ?? .null }

    /// Pretty-printed, two spaces per level, keys in the order written.
    public func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent)
        let inner = String(repeating: "  ", count: indent + 1)
        switch self {
        case let .object(members):
            if members.isEmpty { return "{}" }
            let body = members.map { "\(inner)\(JSONText.quote($0.0)): \($0.1.rendered(indent: indent + 1))" }
            return "{\n" + body.joined(separator: ",\n") + "\n\(pad)}"
        case let .array(items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { inner + $0.rendered(indent: indent + 1) }.joined(separator: ",\n") + "\n\(pad)]"
        case let .string(s): return JSONText.quote(s)
        case let .number(n): return String(n)
        case let .bool(b): return b ? "true" : "false"
        case .null: return "null"
        }
    }

    /// On one line with no spaces: the canonical form offboard stores and hashes.
    public var compact: String {
        var out = ""
        writeCompact(into: &out)
        return out
    }

    public func writeCompact(into out: inout String) {
        switch self {
        case let .object(members):
            out += "{"
            for (i, m) in members.enumerated() {
                if i > 0 { out += "," }
                JSONText.writeQuoted(m.0, into: &out)
                out += ":"
                m.1.writeCompact(into: &out)
            }
            out += "}"
        case let .array(items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.writeCompact(into: &out)
            }
            out += "]"
        case let .string(s): JSONText.writeQuoted(s, into: &out)
        case let .number(n): out += String(n)
        case let .bool(b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    public static func quote(_ s: String) -> String {
        var out = ""
        writeQuoted(s, into: &out)
        return out
    }

    public static func writeQuoted(_ s: String, into out: inout String) {
        // Fast path: nothing to escape, append the whole string.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += "\""
            out += s
            out += "\""
            return
        }
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
