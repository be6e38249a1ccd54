import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OffboardConnectors
import OffboardCore
import OffboardScheduler
import OffboardTesting
import Testing

/// scim2-server (PyPI), a third-party SCIM 2.0 server, on 127.0.0.1 with a bearer token.
struct SCIMServer {
    let server: LocalServer
    var base: String { "http://127.0.0.1:\(server.port)/v2" }
    static let token = "scim-test-token"

    init() throws {
        server = try LocalServer(["scim2-server", "--hostname", "127.0.0.1", "--port", "{port}", "--bearer-token", Self.token])
    }

    /// Sends a request with the token and returns the status and JSON body.
    func call(_ method: HTTPMethod, _ path: String, _ body: [String: Any]? = nil, token: String = SCIMServer.token) async throws -> (Int, [String: Any]) {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/scim+json")
        if let body { request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let object = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
        return (Int(response.status.code), object)
    }

    /// Creates an active user and returns its SCIM id.
    func createUser(externalId: String, userName: String) async throws -> String {
        let (status, user) = try await call(.POST, "/Users", [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": userName, "externalId": externalId, "active": true,
        ])
        #expect(status == 201)
        return try #require(user["id"] as? String)
    }

    func connector(_ operation: SCIMConnector.Operation = .deactivate, match: SCIMConnector.Match = .externalId, token: String = SCIMServer.token) -> SCIMConnector {
        SCIMConnector(baseURL: base, token: token, operation: operation, match: match, timeout: 10)
    }
}

@Suite("The SCIM connector against scim2-server (PyPI) on 127.0.0.1")
struct SCIMConnectorTests {
    @Test("Deactivate finds the user by externalId, PATCHes active=false with If-Match, and reads it back")
    func deactivates() async throws {
        try await offPool {
            let scim = try SCIMServer()
            defer { scim.server.stop() }
            let id = try await scim.createUser(externalId: "E100", userName: "u100")
            let other = try await scim.createUser(externalId: "E200", userName: "u200")
            let version = { (user: [String: Any]) in (user["meta"] as? [String: Any])?["version"] as? String }
            let before = version(try await scim.call(.GET, "/Users/\(id)").1)
            let result = await scim.connector().perform(sampleRequest())
            #expect(result == .done("SCIM user \(id) inactive (verified)"))
            let (_, user) = try await scim.call(.GET, "/Users/\(id)")
            #expect(user["active"] as? Bool == false)
            let after = version(user)
            #expect(before != nil && after != nil && after != before, "the PATCH, made against the current version, changed it")
            #expect(try await scim.call(.GET, "/Users/\(other)").1["active"] as? Bool == true, "nobody else is touched")
            // A repeat (a retry after a crash) changes nothing and is done.
            #expect(await scim.connector().perform(sampleRequest()) == .done("SCIM user \(id) already inactive"))
            #expect(version(try await scim.call(.GET, "/Users/\(id)").1) == after)
        }
    }

    @Test("match: userName finds the user by userName")
    func matchesUserName() async throws {
        try await offPool {
            let scim = try SCIMServer()
            defer { scim.server.stop() }
            let id = try await scim.createUser(externalId: "X-1", userName: "E100")
            #expect(await scim.connector(match: .userName).perform(sampleRequest()) == .done("SCIM user \(id) inactive (verified)"))
        }
    }

    @Test("An employee with no SCIM user is a permanent failure a person must look at")
    func noUser() async throws {
        try await offPool {
            let scim = try SCIMServer()
            defer { scim.server.stop() }
            _ = try await scim.createUser(externalId: "E999", userName: "u999")
            #expect(await scim.connector().perform(sampleRequest()) == .permanent("no SCIM user with externalId E100"))
        }
    }

    @Test("A bad token is the server's 401: permanent, with the status in the message")
    func badToken() async throws {
        try await offPool {
            let scim = try SCIMServer()
            defer { scim.server.stop() }
            let result = await scim.connector(token: "wrong").perform(sampleRequest())
            #expect(result == .permanent("GET /v2/Users: HTTP 401"))
        }
    }

    @Test("Delete removes the user and verifies it is gone; a repeat is done")
    func deletes() async throws {
        try await offPool {
            let scim = try SCIMServer()
            defer { scim.server.stop() }
            let id = try await scim.createUser(externalId: "E100", userName: "u100")
            #expect(await scim.connector(.delete).perform(sampleRequest()) == .done("SCIM user \(id) deleted (verified)"))
            #expect(try await scim.call(.GET, "/Users/\(id)").0 == 404)
            #expect(await scim.connector(.delete).perform(sampleRequest()) == .done("SCIM user absent (already deleted)"))
        }
    }

    @Test("A server that is down is transient")
    func down() async throws {
        try await offPool {
            let port = try LocalServer.freePort()
            let result = await SCIMConnector(baseURL: "http://127.0.0.1:\(port)/v2", token: "t", timeout: 2).perform(sampleRequest())
            #expect(result.label == "transient")
        }
    }
}
