import Foundation
import OffboardConnectors
import OffboardCore
import OffboardScheduler
import OffboardTesting
import Testing

/// aiosmtpd (PyPI), a real SMTP server, on 127.0.0.1, storing what it accepts in a maildir.
struct SMTPServer {
    let server: LocalServer
    let maildir: URL

    init() throws {
        maildir = FileManager.default.temporaryDirectory.appendingPathComponent("offboard-smtp-\(UUID().uuidString)")
        server = try LocalServer(
            ["python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:{port}", "-c", "smtp_handlers.RecordingMailbox", maildir.path],
            environment: ["PYTHONPATH": packageRoot.appendingPathComponent("Tests/OffboardConnectorsTests/Fixtures").path])
    }

    /// The messages in the maildir, as text.
    func messages() throws -> [String] {
        let new = maildir.appendingPathComponent("new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: new.path)) ?? []
        return try names.sorted().map { try String(contentsOf: new.appendingPathComponent($0), encoding: .utf8) }
    }

    func stop() {
        server.stop()
        try? FileManager.default.removeItem(at: maildir)
    }

    func connector(to: [String] = ["it-oncall@example.test"]) -> EmailConnector {
        EmailConnector(
            host: "127.0.0.1", port: server.port, from: "offboard@example.test", to: to, timeout: 10,
            clock: FixedWallClock(Instant(secondsSinceEpoch: 1_738_368_005)))
    }
}

@Suite("The email connector against aiosmtpd (PyPI) on 127.0.0.1")
struct EmailConnectorTests {
    @Test("An escalation is delivered: ids only, a Message-ID from the idempotency key, the JSON in the body")
    func delivers() async throws {
        try await offPool {
            let smtp = try SMTPServer()
            defer { smtp.stop() }
            let request = sampleRequest(key: "offboard-escalation-4-1", summary: "escalation 4: missed: revoke_access was due by 2025-02-01T01:00:00Z")
            let result = await smtp.connector(to: ["it-oncall@example.test", "hr@example.test"]).perform(request)
            #expect(result == .done("SMTP 250: accepted for 2 recipient(s)"))
            let messages = try smtp.messages()
            #expect(messages.count == 1)
            let message = try #require(messages.first)
            #expect(message.contains("Subject: [offboard] revoke_access: escalation 4: missed: revoke_access was due by 2025-02-01T01:00:00Z"))
            #expect(message.contains("Message-ID: <offboard-escalation-4-1@offboard>"))
            #expect(message.contains("To: <it-oncall@example.test>, <hr@example.test>"))
            #expect(message.contains("Date: Sat, 01 Feb 2025 00:00:05 +0000"))
            #expect(message.contains("Employee id: E100"))
            #expect(message.contains(#""idempotency_key":"offboard-escalation-4-1""#))
        }
    }

    @Test("Line breaks in a summary cannot add headers or end the message early")
    func noInjection() async throws {
        try await offPool {
            let smtp = try SMTPServer()
            defer { smtp.stop() }
            let summary = "x\r\nBcc: someone@example.test\r\n.\r\nMAIL FROM:<a@b>"
            #expect(await smtp.connector().perform(sampleRequest(summary: summary)).label == "ok")
            let message = try #require(try smtp.messages().first)
            #expect(!message.contains("\nBcc:"))
            #expect(message.contains("Detail: x Bcc: someone@example.test . MAIL FROM:<a@b>"))
            #expect(try smtp.messages().count == 1)
        }
    }

    @Test("A 550 for a recipient is permanent; a 451 is transient; nothing is delivered")
    func refusals() async throws {
        try await offPool {
            let smtp = try SMTPServer()
            defer { smtp.stop() }
            #expect(await smtp.connector(to: ["rejected@example.test"]).perform(sampleRequest()) == .permanent("SMTP RCPT TO: 550"))
            #expect(await smtp.connector(to: ["busy@example.test"]).perform(sampleRequest()) == .transient("SMTP RCPT TO: 451"))
            #expect(try smtp.messages().isEmpty)
        }
    }

    @Test("No server listening is transient")
    func down() async throws {
        try await offPool {
            let port = try LocalServer.freePort()
            let connector = EmailConnector(host: "127.0.0.1", port: port, from: "a@example.test", to: ["b@example.test"], timeout: 2, clock: FixedWallClock(Instant(secondsSinceEpoch: 0)))
            #expect(await connector.perform(sampleRequest()).label == "transient")
        }
    }
}
