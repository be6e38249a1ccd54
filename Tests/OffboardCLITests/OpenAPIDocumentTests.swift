import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OffboardTesting
import Testing
import Yams

/// The OpenAPI document in the repository, checked against the running server.
@Suite("The OpenAPI 3.1 document matches the server")
struct OpenAPIDocumentTests {
    static let document = OffboardProcess.packageRoot.appendingPathComponent("Sources/OffboardService/OpenAPI/openapi.yaml")

    /// Every operation in the document, as (method, path).
    static func operations() throws -> [(method: String, path: String, responses: Set<Int>)] {
        let root = try Yams.load(yaml: String(contentsOf: document, encoding: .utf8)) as? [String: Any]
        #expect(root?["openapi"] as? String == "3.1.0")
        let paths = root?["paths"] as? [String: [String: Any]] ?? [:]
        return paths.flatMap { path, methods in
            methods.compactMap { method, operation in
                let responses = ((operation as? [String: Any])?["responses"] as? [String: Any] ?? [:]).keys.compactMap { Int($0) }
                return (method.uppercased(), path, Set(responses))
            }
        }.sorted { ($0.path, $0.method) < ($1.path, $1.method) }
    }

    @Test("Every documented operation exists, and an unsigned or unauthenticated call gets a documented status")
    func documentedOperationsExist() async throws {
        try await offPool {
            let operations = try Self.operations()
            #expect(operations.map { "\($0.method) \($0.path)" } == [
                "GET /healthz", "GET /metrics", "GET /v1/deadlines", "POST /v1/terminations", "POST /v1/terminations/{employee_id}/rescind",
            ], "the document lists exactly the routes the server has")
            let api = try APIService()
            defer { api.stop() }
            for operation in operations {
                var request = HTTPClientRequest(url: api.base + operation.path.replacingOccurrences(of: "{employee_id}", with: "E-1"))
                request.method = HTTPMethod(rawValue: operation.method)
                if operation.method == "POST" {
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.body = .bytes(ByteBuffer(string: "{}"))
                }
                let status = try await api.send(request).status
                #expect(operation.responses.contains(status), "\(operation.method) \(operation.path) answered \(status), not in the document")
                #expect(status != 404, "\(operation.method) \(operation.path) is not served")
            }
        }
    }
}
