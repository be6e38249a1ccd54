/// Where a piece of input came from: a file, and a line and column when the format has them.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `Rules/CA.yaml:27:9`, `Rules/CA.yaml:27` or `event.json`.
    public var description: String {
        switch (line, column) {
        case let (line?, column?): return "\(file):\(line):\(column)"
        case let (line?, nil): return "\(file):\(line)"
        default: return file
        }
    }
}
