import Hummingbird
import NIOCore
import OffboardCore

/// An RFC 9457 problem document (`application/problem+json`), with every field error by path for a 400.
struct Problem {
    var status: HTTPResponse.Status
    var title: String
    var detail: String?
    var errors: [(path: String, detail: String)] = []

    init(status: HTTPResponse.Status, title: String, detail: String?, errors: [(path: String, detail: String)] = []) {
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    /// A 400 listing each diagnostic (field path and message; the location for syntax errors).
    static func invalid(_ diagnostics: [Diagnostic]) -> Problem {
        let errors = diagnostics.filter { $0.severity == .error }.map { d in
            (path: d.path ?? d.location.description, detail: d.message)
        }
        return Problem(status: .badRequest, title: "The event is not valid", detail: "\(errors.count) error(s); see errors", errors: errors)
    }

    var response: Response {
        var members: [(String, JSONText)] = [
            ("type", .string("about:blank")), ("title", .string(title)), ("status", .number(Int(status.code))),
        ]
        if let detail { members.append(("detail", .string(detail))) }
        if !errors.isEmpty {
            members.append(("errors", .array(errors.map { .object([("path", .string($0.path)), ("detail", .string($0.detail))]) })))
        }
        return Response(
            status: status, headers: [.contentType: "application/problem+json"],
            body: .init(byteBuffer: ByteBuffer(string: JSONText.object(members).compact)))
    }
}
