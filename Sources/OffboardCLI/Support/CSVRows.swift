import Foundation
import OffboardCore

/// Streams a CSV file through ``CSVParser`` and ``CSVEventReader`` in 1 MiB chunks.
enum CSVRows {
    /// Calls `body` with each data row's line and its event (or the row's problems).
    /// - Throws: ``DiagnosticsError`` for a bad header; whatever `body` throws.
    static func read(
        path: String, renames: [String: String], progress: Progress,
        _ body: (Int, Result<TerminationEvent, any Error>) throws -> Void
    ) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            Console.error("error: \(path): cannot read the CSV file")
            throw ExitStatus.noInput
        }
        defer { try? handle.close() }
        var parser = CSVParser()
        var reader: CSVEventReader?
        var sawHeader = false
        let handleRecord = { (record: CSVParser.Record) throws in
            guard let reader else {
                sawHeader = true
                reader = try CSVEventReader(header: record, file: path, renames: renames)
                return
            }
            let result = Result { try reader.event(from: record) }
            try body(record.line, result)
        }
        var consumed: Int64 = 0
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            consumed += Int64(chunk.count)
            try parser.feed(chunk, emit: handleRecord)
            progress.update(bytes: consumed)
        }
        try parser.finish(emit: handleRecord)
        if !sawHeader {
            throw DiagnosticsError([Diagnostic(at: SourceLocation(file: path), "the file is empty; expected a header row")])
        }
    }
}

/// A one-line progress bar on standard error, shown only when standard error is a terminal.
final class Progress: @unchecked Sendable {  // used by one thread at a time
    let label: String
    let totalBytes: Int64
    let enabled: Bool
    private var lastPercent = -1

    init(label: String, totalBytes: Int64) {
        self.label = label
        self.totalBytes = totalBytes
        self.enabled = isatty(STDERR_FILENO) == 1 && totalBytes > 0
    }

    func update(bytes: Int64) {
        guard enabled else { return }
        let percent = Int(bytes * 100 / totalBytes)
        guard percent != lastPercent else { return }
        lastPercent = percent
        let width = 30
        let filled = width * percent / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)%".utf8))
    }

    func finish() {
        guard enabled, lastPercent >= 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
