import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OffboardCore

/// One HTTP request and its response over AsyncHTTPClient: the transport seam the webhook and SCIM connectors
/// share. Transport failures (refused, reset, timed out) come back as ``Failure``, which connectors treat as
/// transient: the call is retried with the same idempotency key.
struct HTTPExchange: Sendable {
    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]

        func header(_ name: String) -> String? { headers.first(name: name) }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    let client: HTTPClient
    let timeout: Double
    /// Bodies above this are cut (connectors read statuses and small JSON documents only).
    var responseLimit = 1 << 20

    func send(_ method: HTTPMethod, _ url: String, headers: [(String, String)], body: [UInt8]? = nil) async -> Result<Response, Failure> {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            let buffer = try await response.body.collect(upTo: responseLimit)
            return .success(Response(status: Int(response.status.code), headers: response.headers, body: Array(buffer.readableBytesView)))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return .failure(Failure(description: "timed out after \(Durations.text(Int64(timeout)))"))
        } catch {
            return .failure(Failure(description: "request failed: \(error)"))
        }
    }
}
