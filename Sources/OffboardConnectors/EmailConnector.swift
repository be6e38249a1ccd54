import Foundation
public import OffboardCore
public import OffboardScheduler

/// Sends one plain-text email per call through an SMTP relay (RFC 5321), for escalations, warnings and notices.
///
/// The message carries ids only (action, employee id, separation, deadline), never names. Its `Message-ID` is
/// derived from the idempotency key, so a retried call produces the same message id and mail systems that
/// de-duplicate do so. A 4xx reply or a lost connection is transient; a 5xx reply is permanent. A 250 after
/// the message data is the relay's confirmation that it accepted the message for delivery.
public struct EmailConnector: Connector {
    let host: String
    let port: Int
    let from: String
    let to: [String]
    let timeout: Double
    let clock: any WallClock

    public init(host: String, port: Int = 25, from: String, to: [String], timeout: Double = 30, clock: any WallClock) {
        self.host = host
        self.port = port
        self.from = from
        self.to = to
        self.timeout = timeout
        self.clock = clock
    }

    public func perform(_ request: ActionRequest) async -> ConnectorResult {
        let message = Self.message(request, from: from, to: to, date: clock.now())
        let (from, to) = (self.from, self.to)
        do {
            return try await SMTPSession.withSession(host: host, port: port, timeout: timeout) { session in
                try await session.expectReply(step: "greeting", [220])
                try await session.send("EHLO offboard.localhost", step: "EHLO", expect: [250])
                try await session.send("MAIL FROM:<\(from)>", step: "MAIL FROM", expect: [250])
                for recipient in to {
                    try await session.send("RCPT TO:<\(recipient)>", step: "RCPT TO", expect: [250, 251])
                }
                try await session.send("DATA", step: "DATA", expect: [354])
                try await session.write(message)
                let accepted = try await session.expectReply(step: "message", [250])
                _ = try? await session.send("QUIT", step: "QUIT", expect: [221])
                return .done("SMTP \(accepted.code): accepted for \(to.count) recipient(s)")
            }
        } catch let failure as SMTPSession.Failure {
            return failure.transient ? .transient(failure.message) : .permanent(failure.message)
        } catch {
            return .transient("SMTP: \(error)")
        }
    }

    /// The message text, dot-stuffed and ending with the CRLF.CRLF that closes DATA.
    static func message(_ request: ActionRequest, from: String, to: [String], date: Instant) -> String {
        let subject = request.summary.map { "[offboard] \(request.name): \($0)" }
            ?? "[offboard] \(request.name) for employee \(request.employeeId)"
        var lines = [
            "From: offboard <\(from)>",
            "To: " + to.map { "<\($0)>" }.joined(separator: ", "),
            "Subject: " + headerSafe(subject),
            "Date: " + rfc5322(date),
            "Message-ID: <\(headerSafe(request.idempotencyKey))@offboard>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "X-Offboard-Idempotency-Key: " + headerSafe(request.idempotencyKey),
            "",
            "Action: \(request.name) (action \(request.actionId), attempt \(request.attempt))",
            "Employee id: \(request.employeeId)",
            "Separation: \(request.separationId)",
            "Fires at: \(request.fireAt)",
            "Deadline: \(request.deadline?.description ?? "none")",
        ]
        if let summary = request.summary { lines.append("Detail: " + headerSafe(summary)) }
        lines += ["", request.json.compact]
        let body = lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
        return body + "\r\n.\r\n"
    }

    static func headerSafe(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }

    static func rfc5322(_ instant: Instant) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(instant.secondsSinceEpoch)))
    }
}
