/// An RFC 4180 CSV parser that takes its input in chunks, so a file of any size streams through in constant
/// memory. Quoted fields may hold commas, doubled quotes and line breaks; CRLF and LF both end a record; a
/// UTF-8 byte-order mark at the start is skipped.
public struct CSVParser: Sendable {
    /// One record and the line it starts on (1-based), for error messages.
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
        /// Set when the record is malformed (a stray quote); `fields` are then best effort.
        public var problem: String?
    }

    private var fields: [String] = []
    private var field: [UInt8] = []
    private var inQuotes = false
    private var quoteInQuoted = false
    private var fieldWasQuoted = false
    private var line = 1
    private var recordLine = 1
    private var problem: String?
    private var atStart = true
    private var bomBytes = 0
    private var pendingCR = false

    public init() {}

    /// Parses `bytes`, calling `emit` for every complete record.
    public mutating func feed(_ bytes: some Sequence<UInt8>, emit: (Record) throws -> Void) rethrows {
        for byte in bytes {
            if atStart {
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                if byte == bom[bomBytes] {
                    bomBytes += 1
                    if bomBytes == 3 { atStart = false }
                    continue
                }
                atStart = false
                if bomBytes > 0 { field.append(contentsOf: bom[0..<bomBytes]) }
            }
            try consume(byte, emit: emit)
        }
    }

    /// Ends the input, emitting the last record (one without a final line break) and reporting an
    /// unterminated quoted field.
    public mutating func finish(emit: (Record) throws -> Void) rethrows {
        if inQuotes && !quoteInQuoted {
            problem = problem ?? "a quoted field is not closed before the end of the file"
        }
        if !fields.isEmpty || !field.isEmpty || fieldWasQuoted || problem != nil {
            try endRecord(emit: emit)
        }
    }

    private mutating func consume(_ byte: UInt8, emit: (Record) throws -> Void) rethrows {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        if pendingCR {
            pendingCR = false
            if byte == lf { return }
        }
        if inQuotes {
            if quoteInQuoted {
                quoteInQuoted = false
                if byte == quote { field.append(quote); return }
                inQuotes = false
                // Fall through: the byte after a closing quote is handled as unquoted.
            } else if byte == quote {
                quoteInQuoted = true
                return
            } else {
                if byte == lf { line += 1 }
                field.append(byte)
                return
            }
        }
        switch byte {
        case quote:
            if field.isEmpty && !fieldWasQuoted {
                inQuotes = true
                fieldWasQuoted = true
            } else {
                problem = problem ?? "a quote inside an unquoted field (quote the whole field and double the quote)"
                field.append(byte)
            }
        case comma:
            endField()
        case lf, cr:
            if byte == cr { pendingCR = true }
            try endRecord(emit: emit)
            line += 1
            recordLine = line
        default:
            if fieldWasQuoted {
                problem = problem ?? "text after the closing quote of a field"
            }
            field.append(byte)
        }
    }

    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        fieldWasQuoted = false
    }

    private mutating func endRecord(emit: (Record) throws -> Void) rethrows {
        endField()
        let record = Record(line: recordLine, fields: fields, problem: problem)
        fields.removeAll(keepingCapacity: true)
        problem = nil
        // A blank line is not a record.
        if !(record.fields.count == 1 && record.fields[0].isEmpty && record.problem == nil) {
            try emit(record)
        }
    }
}
