public import AsyncHTTPClient
import NIOHTTP1
public import OffboardCore
public import OffboardScheduler

/// POSTs the action as JSON, signed (``WebhookSignature``), with an `Idempotency-Key` header that is the same for
/// every attempt of the action.
///
/// Outcomes: 200, 201 or 204 is done (the receiver confirms the effect). 202 means accepted but not yet done:
/// with `verify` it is retried with the same key until the receiver answers 2xx other than 202; without, it
/// counts as done. 408, 425, 429, 5xx, a timeout or a refused connection is transient. Any other status is
/// permanent (a 4xx will not get better by retrying).
public struct WebhookConnector: Connector {
    let url: String
    let signature: WebhookSignature
    let signatureHeader: String
    let exchange: HTTPExchange
    let clock: any WallClock

    public init(
        url: String, secret: [UInt8], signatureHeader: String = WebhookSignature.signatureHeader, timeout: Double = 10,
        clock: any WallClock, client: HTTPClient = ConnectorHTTPClient.shared
    ) {
        self.url = url
        self.signature = WebhookSignature(secret: secret)
        self.signatureHeader = signatureHeader
        self.exchange = HTTPExchange(client: client, timeout: timeout)
        self.clock = clock
    }

    public func perform(_ request: ActionRequest) async -> ConnectorResult {
        let body = Array(request.json.compact.utf8)
        let timestamp = clock.now().secondsSinceEpoch
        let headers = [
            ("Content-Type", "application/json"),
            ("Idempotency-Key", request.idempotencyKey),
            (WebhookSignature.timestampHeader, String(timestamp)),
            (signatureHeader, signature.sign(timestamp: timestamp, body: body)),
            ("User-Agent", "offboard"),
        ]
        switch await exchange.send(.POST, url, headers: headers, body: body) {
        case let .failure(failure):
            return .transient(failure.description)
        case let .success(response):
            return Self.outcome(status: response.status, verify: request.verify)
        }
    }

    /// How a webhook status is judged (the table in the README).
    static func outcome(status: Int, verify: Bool) -> ConnectorResult {
        switch status {
        case 202 where verify: .transient("HTTP 202: accepted, not yet confirmed")
        case 200..<300: .done("HTTP \(status)")
        case 408, 425, 429, 500...599: .transient("HTTP \(status)")
        default: .permanent("HTTP \(status)")
        }
    }
}
