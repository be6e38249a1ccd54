public import OffboardCore
public import OffboardStore

/// The JSON of `offboard deadlines --format json` and `GET /v1/deadlines`, streamed from the cursor as UTF-8.
public enum DeadlinesJSON {
    public static func streamJSON(
        query: DeadlineQuery, now: Instant, rows: ((StoredObligation) throws -> Void) throws -> Void,
        write: @escaping ([UInt8]) -> Void
    ) throws {
        var out = JSONBytes()
        out.bytes.reserveCapacity(1 << 17)
        out.raw("{\n  \"generated_at\": "); out.string(now.description)
        out.raw(",\n  \"from\": "); out.optional(query.from?.description)
        out.raw(",\n  \"until\": "); out.optional(query.until?.description)
        out.raw(",\n  \"deadlines\": [")
        var count: Int64 = 0
        try rows { o in
            out.raw(count == 0 ? "\n    " : ",\n    ")
            ObligationText.writeJSON(o, now: now, into: &out)
            count += 1
            if out.bytes.count >= 1 << 16 {
                write(out.bytes)
                out.bytes.removeAll(keepingCapacity: true)
            }
        }
        out.raw(count == 0 ? "],\n  \"count\": " : "\n  ],\n  \"count\": ")
        out.number(count)
        out.raw("\n}\n")
        write(out.bytes)
    }
}
