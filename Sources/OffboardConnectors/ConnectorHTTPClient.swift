public import AsyncHTTPClient
import NIOCore
import NIOPosix

/// The HTTP client the webhook and SCIM connectors share in one `offboard run`.
///
/// - Up to `connectionsPerHost` keep-alive connections to each host, so `--parallelism` calls to one receiver
///   really run at once (AsyncHTTPClient's default is 8, which queued half of the default 16).
/// - Redirects are not followed: a signed action body or a SCIM bearer token must not be replayed to a
///   host the playbook does not name. A 3xx is the receiver's answer and judged as such (permanent).
/// - No response decompression: connectors read statuses and small JSON documents.
public enum ConnectorHTTPClient {
    /// A process-wide client with 8 connections per host, never shut down (the connectors' default).
    public static let shared = make(connectionsPerHost: 8)

    /// A client the caller owns and shuts down.
    public static func make(connectionsPerHost: Int) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, connectionsPerHost)),
            decompression: .disabled)
        // No distributed tracing is bootstrapped in offboard; skipping the span per request saves its cost.
        configuration.tracing.tracer = nil
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }
}
