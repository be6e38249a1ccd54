import Foundation
import OffboardConnectors
import OffboardCore
import OffboardScheduler
import OffboardTesting
import Testing

@Suite("The webhook connector, over real HTTP on 127.0.0.1")
struct WebhookConnectorTests {
    let clock = FixedWallClock(Instant(secondsSinceEpoch: 1_738_368_005))

    @Test("The signature is the HMAC-SHA256 of timestamp.body that openssl computes")
    func signatureMatchesOpenSSL() throws {
        let body = #"{"action":"revoke_access","employee_id":"E100"}"#
        let ours = WebhookSignature(secret: Array("s3cret".utf8)).sign(timestamp: 1_700_000_000, body: Array(body.utf8))
        let openssl = try Spawned.output(["openssl", "dgst", "-sha256", "-hmac", "s3cret", "-r"], input: "1700000000.\(body)")
        #expect(ours == "sha256=" + (openssl.split(separator: " ").first.map(String.init) ?? "?"))
        let check = WebhookSignature(secret: Array("s3cret".utf8))
        #expect(check.isValid(ours, timestamp: "1700000000", body: Array(body.utf8)))
        #expect(check.isValid(ours.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256="), timestamp: "1700000000", body: Array(body.utf8)))
        #expect(!check.isValid(ours, timestamp: "1700000001", body: Array(body.utf8)))
        #expect(!check.isValid(ours, timestamp: "1700000000", body: Array((body + " ").utf8)))
        #expect(!WebhookSignature(secret: Array("other".utf8)).isValid(ours, timestamp: "1700000000", body: Array(body.utf8)))
        #expect(!check.isValid(String(ours.dropLast()), timestamp: "1700000000", body: Array(body.utf8)))
        #expect(!check.isValid("sha1=" + ours.dropFirst(7), timestamp: "1700000000", body: Array(body.utf8)))
    }

    @Test("A delivery is signed, keyed and JSON; a 200 is done")
    func delivers() async throws {
        try await offPool {
            let sink = try await WebhookSink.start(secret: "s3cret")
            let connector = WebhookConnector(url: sink.url, secret: Array("s3cret".utf8), timeout: 5, clock: clock)
            let result = await connector.perform(sampleRequest())
            await sink.stop()
            #expect(result == .done("HTTP 200"))
            let delivery = try #require(sink.deliveries.first)
            #expect(sink.deliveries.count == 1)
            #expect(delivery.signatureValid)
            #expect(delivery.key == "offboard-7-revoke_access")
            #expect(delivery.contentType == "application/json")
            #expect(delivery.json["idempotency_key"] as? String == delivery.key)
            #expect(delivery.json["employee_id"] as? String == "E100")
            #expect(delivery.json["action"] as? String == "revoke_access")
        }
    }

    @Test("Statuses are judged as the README's table says", arguments: [
        (200, true, "done"), (204, true, "done"), (202, false, "done"), (202, true, "transient"), (408, true, "transient"),
        (429, true, "transient"), (500, true, "transient"), (503, true, "transient"), (400, true, "permanent"),
        (404, true, "permanent"), (409, true, "permanent"), (422, true, "permanent"),
    ])
    func statuses(status: Int, verify: Bool, expected: String) async throws {
        try await offPool {
            let sink = try await WebhookSink.start(secret: "k") { _, _ in status }
            let connector = WebhookConnector(url: sink.url, secret: Array("k".utf8), timeout: 5, clock: clock)
            let result = await connector.perform(sampleRequest(verify: verify))
            await sink.stop()
            #expect(result.label == ["done": "ok", "transient": "transient", "permanent": "permanent"][expected])
            #expect(result.detail.hasPrefix("HTTP \(status)"))
        }
    }

    @Test("A wrong secret gets the receiver's 401: permanent, not retried")
    func wrongSecret() async throws {
        try await offPool {
            let sink = try await WebhookSink.start(secret: "right")
            let result = await WebhookConnector(url: sink.url, secret: Array("wrong".utf8), timeout: 5, clock: clock).perform(sampleRequest())
            await sink.stop()
            #expect(result == .permanent("HTTP 401"))
            #expect(sink.deliveries.map(\.signatureValid) == [false])
        }
    }

    @Test("Nothing listening is transient: the call is retried later with the same key")
    func refused() async throws {
        try await offPool {
            let port = try LocalServer.freePort()
            let result = await WebhookConnector(url: "http://127.0.0.1:\(port)/hook", secret: [1], timeout: 2, clock: clock).perform(sampleRequest())
            #expect(result.label == "transient")
            #expect(result.detail.hasPrefix("request failed"))
        }
    }

    @Test("A receiver slower than the timeout is transient")
    func timeout() async throws {
        try await offPool {
            // A listening socket that never answers.
            let server = try LocalServer(["python3", "-c", "import socket, time; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', {port})); s.listen(); time.sleep(120)"])
            defer { server.stop() }
            let result = await WebhookConnector(url: "http://127.0.0.1:\(server.port)/hook", secret: [1], timeout: 1, clock: clock).perform(sampleRequest())
            #expect(result == .transient("timed out after 1s"))
        }
    }

    @Test("A redirect is the receiver's answer, not followed: permanent, and the signed body goes nowhere else")
    func redirectNotFollowed() async throws {
        try await offPool {
            let elsewhere = try await WebhookSink.start(secret: "k")
            // A receiver that answers every POST with 307 to another host's receiver.
            let redirector = try LocalServer(["python3", "-c", """
                import http.server, sys
                class H(http.server.BaseHTTPRequestHandler):
                    def do_POST(self):
                        self.rfile.read(int(self.headers.get('Content-Length', 0)))
                        self.send_response(307); self.send_header('Location', sys.argv[1]); self.send_header('Content-Length', '0'); self.end_headers()
                    def log_message(self, *a): pass
                http.server.HTTPServer(('127.0.0.1', {port}), H).serve_forever()
                """, elsewhere.url])
            defer { redirector.stop() }
            let result = await WebhookConnector(url: "http://127.0.0.1:\(redirector.port)/hook", secret: Array("k".utf8), timeout: 5, clock: clock)
                .perform(sampleRequest())
            await elsewhere.stop()
            #expect(result == .permanent("HTTP 307"))
            #expect(elsewhere.deliveries.isEmpty)
        }
    }
}
