public import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OffboardConnectors
import ServiceLifecycle
import Synchronization

/// A webhook receiver on 127.0.0.1 for tests and benchmarks (Hummingbird, in the caller's process).
///
/// It checks each delivery's signature and content type, remembers every delivery with its `Idempotency-Key`
/// and the moment it arrived, and answers with the status `respond` picks (given the delivery and how many
/// times its key has been seen, 1 for the first).
public final class WebhookSink: Sendable {
    public struct Delivery: Sendable {
        public var key: String
        public var body: [UInt8]
        public var receivedAt: Date
        public var signatureValid: Bool
        public var contentType: String?
        /// The body as a JSON object.
        public var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]) ?? [:] }
    }

    public let port: Int
    private let box: Box
    private let task: Task<Void, any Error>

    public var url: String { "http://127.0.0.1:\(port)/hook" }

    private init(port: Int, box: Box, task: Task<Void, any Error>) {
        self.port = port
        self.box = box
        self.task = task
    }

    /// Starts the receiver on a free port and returns once it accepts connections.
    public static func start(
        secret: String, respond: @escaping @Sendable (Delivery, Int) -> Int = { _, _ in 200 }
    ) async throws -> WebhookSink {
        let signature = WebhookSignature(secret: Array(secret.utf8))
        let box = Box()
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let bytes = Array(body.readableBytesView)
            let header = { (name: String) in HTTPField.Name(name).flatMap { request.headers[$0] } }
            let valid = signature.isValid(
                header(WebhookSignature.signatureHeader) ?? "", timestamp: header(WebhookSignature.timestampHeader) ?? "", body: bytes)
            let delivery = Delivery(
                key: header("Idempotency-Key") ?? "", body: bytes, receivedAt: Date(), signatureValid: valid,
                contentType: request.headers[.contentType])
            let seen = box.log.withLock { log -> Int in
                log.deliveries.append(delivery)
                log.seen[delivery.key, default: 0] += 1
                return log.seen[delivery.key]!
            }
            let status = valid ? respond(delivery, seen) : 401
            return Response(status: .init(code: status), body: .init(byteBuffer: ByteBuffer(string: "{}")))
        }
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "webhook-sink", factory: { _ in SwiftLogNoOpLogHandler() }))
        let task = Task(executorPreference: OffPoolExecutor.shared) { try await app.runService(gracefulShutdownSignals: []) }
        var ports = stream.makeAsyncIterator()
        guard let port = await ports.next(), port > 0 else { throw CancellationError() }
        return WebhookSink(port: port, box: box, task: task)
    }

    /// Every delivery so far, in arrival order.
    public var deliveries: [Delivery] { box.log.withLock { $0.deliveries } }

    /// Deliveries per idempotency key.
    public var counts: [String: Int] { box.log.withLock { $0.seen } }

    public func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Every delivery in arrival order, and how many times each key has been seen (kept as they arrive, so a
    /// delivery costs the same however many came before it).
    private final class Box: Sendable {
        struct Log {
            var deliveries: [Delivery] = []
            var seen: [String: Int] = [:]
        }
        let log = Mutex(Log())
    }
}
