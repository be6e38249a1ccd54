/// A strict JSON parser (RFC 8259) that records the line and column of every value.
///
/// Duplicate keys are an error (JSON leaves them undefined; a second `effective_at` must not silently win).
public struct JSONDocumentParser {
    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    private var lineStart = 0

    public static func parse(_ text: String, file: String) throws(Diagnostic) -> DocumentNode {
        var parser = JSONDocumentParser(bytes: Array(text.utf8), file: file)
        parser.skipWhitespace()
        let node = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return node
    }

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    private var location: SourceLocation {
        SourceLocation(file: file, line: line, column: index - lineStart + 1)
    }

    private func error(_ message: String) -> Diagnostic {
        Diagnostic(at: location, "invalid JSON: \(message)")
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(Diagnostic) -> DocumentNode {
        guard depth < 64 else { throw error("nesting deeper than 64 levels") }
        guard index < bytes.count else { throw error("unexpected end of input") }
        let start = location
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth, start: start)
        case UInt8(ascii: "["):
            index += 1
            var elements: [DocumentNode] = []
            skipWhitespace()
            if peek(UInt8(ascii: "]")) { return DocumentNode(.array([]), at: start) }
            while true {
                skipWhitespace()
                elements.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                if peek(UInt8(ascii: ",")) { continue }
                if peek(UInt8(ascii: "]")) { return DocumentNode(.array(elements), at: start) }
                throw error("expected ',' or ']' in a list")
            }
        case UInt8(ascii: "\""): return DocumentNode(.string(try parseString()), at: start)
        case UInt8(ascii: "t"): try literal("true"); return DocumentNode(.bool(true), at: start)
        case UInt8(ascii: "f"): try literal("false"); return DocumentNode(.bool(false), at: start)
        case UInt8(ascii: "n"): try literal("null"); return DocumentNode(.null, at: start)
        default: return DocumentNode(.number(try parseNumber()), at: start)
        }
    }

    private mutating func parseObject(depth: Int, start: SourceLocation) throws(Diagnostic) -> DocumentNode {
        index += 1
        var members: [DocumentNode.Member] = []
        skipWhitespace()
        if peek(UInt8(ascii: "}")) { return DocumentNode(.object([]), at: start) }
        while true {
            skipWhitespace()
            let keyLocation = location
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
            let key = try parseString()
            if members.contains(where: { $0.key == key }) {
                throw Diagnostic(at: keyLocation, "invalid JSON: duplicate key '\(key)'")
            }
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw error("expected ':' after the key '\(key)'") }
            skipWhitespace()
            let value = try parseValue(depth: depth + 1)
            members.append(.init(key: key, keyLocation: keyLocation, value: value))
            skipWhitespace()
            if peek(UInt8(ascii: ",")) { continue }
            if peek(UInt8(ascii: "}")) { return DocumentNode(.object(members), at: start) }
            throw error("expected ',' or '}' in an object")
        }
    }

    private mutating func peek(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func literal(_ word: String) throws(Diagnostic) {
        let w = Array(word.utf8)
        guard index + w.count <= bytes.count, Array(bytes[index..<(index + w.count)]) == w else {
            throw error("unexpected character")
        }
        index += w.count
    }

    private mutating func parseNumber() throws(Diagnostic) -> String {
        let begin = index
        func digits() -> Int {
            let s = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            return index - s
        }
        _ = peek(UInt8(ascii: "-"))
        let intStart = index
        let intDigits = digits()
        guard intDigits > 0 else { throw error("unexpected character") }
        if intDigits > 1 && bytes[intStart] == 0x30 { throw error("a number must not start with 0") }
        if peek(UInt8(ascii: ".")) { guard digits() > 0 else { throw error("expected digits after '.'") } }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            _ = peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-"))
            guard digits() > 0 else { throw error("expected an exponent") }
        }
        return String(decoding: bytes[begin..<index], as: UTF8.self)
    }

    private mutating func parseString() throws(Diagnostic) -> String {
        index += 1
        var out: [UInt8] = []
        while index < bytes.count {
            let b = bytes[index]
            switch b {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unterminated string") }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard peek(UInt8(ascii: "\\")), peek(UInt8(ascii: "u")) else { throw error("unpaired surrogate") }
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
                }
            case 0x00..<0x20: throw error("control character in a string")
            default:
                out.append(b)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func hex4() throws(Diagnostic) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let digit: UInt32
            switch c {
            case 0x30...0x39: digit = UInt32(c - 0x30)
            case 0x41...0x46: digit = UInt32(c - 0x37)
            case 0x61...0x66: digit = UInt32(c - 0x57)
            default: throw error("invalid \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }
}
