public import OffboardCore

/// The rule as it stood from `effective` (and until `until`, or the next version).
public struct RuleVersion: Sendable {
    public var effective: CivilDate
    /// The last day this version is in force, when it was repealed without a successor.
    public var until: CivilDate?
    public var source: Source
    /// A short excerpt of the statute, for readers.
    public var text: String?
    /// Counsel's interpretation notes: which reading was chosen and why.
    public var note: String?
    public var deadline: DeadlineExpression
    public var location: SourceLocation

    public init(
        effective: CivilDate, until: CivilDate?, source: Source, text: String?, note: String?,
        deadline: DeadlineExpression, location: SourceLocation
    ) {
        self.effective = effective
        self.until = until
        self.source = source
        self.text = text
        self.note = note
        self.deadline = deadline
        self.location = location
    }
}

/// The legal source of a version: a citation always, a URL when there is a stable one.
public struct Source: Sendable, Equatable {
    public var citation: String
    public var url: String?

    public init(citation: String, url: String?) {
        self.citation = citation
        self.url = url
    }
}
