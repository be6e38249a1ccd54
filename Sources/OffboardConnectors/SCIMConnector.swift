public import AsyncHTTPClient
import Foundation
import NIOHTTP1
public import OffboardScheduler

/// Deprovisions a user in an identity system over SCIM 2.0 (RFC 7644).
///
/// `deactivate` finds the user by `externalId` (or `userName`) equal to the employee id, PATCHes `active` to
/// false (with `If-Match` when the server versions resources), and reads the user back to verify. `delete`
/// (a later, separate action) DELETEs the user and verifies it is gone. Both are idempotent: a user already
/// inactive or already gone counts as done, so a retry after a crash does no harm.
public struct SCIMConnector: Connector {
    public enum Operation: String, Sendable, CaseIterable { case deactivate, delete }
    public enum Match: String, Sendable, CaseIterable { case externalId, userName }

    let base: String
    let token: String
    let operation: Operation
    let match: Match
    let exchange: HTTPExchange

    public init(baseURL: String, token: String, operation: Operation = .deactivate, match: Match = .externalId, timeout: Double = 10, client: HTTPClient = ConnectorHTTPClient.shared) {
        self.base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.operation = operation
        self.match = match
        self.exchange = HTTPExchange(client: client, timeout: timeout)
    }

    public func perform(_ request: ActionRequest) async -> ConnectorResult {
        do {
            guard let user = try await find(request.employeeId) else {
                switch operation {
                case .deactivate: return .permanent("no SCIM user with \(match.rawValue) \(request.employeeId)")
                case .delete: return .done("SCIM user absent (already deleted)")
                }
            }
            switch operation {
            case .deactivate: return try await deactivate(user, verify: request.verify)
            case .delete: return try await delete(user, verify: request.verify)
            }
        } catch let stop as Stop {
            return stop.result
        } catch {
            return .permanent("SCIM: \(error)")
        }
    }

    /// The user the employee id names, or nil. More than one match is an error a person must resolve.
    func find(_ employeeId: String) async throws -> SCIMUser? {
        let filter = "\(match.rawValue) eq \"\(employeeId.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\""
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+\"")
        let query = filter.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        let response = try await call(.GET, "\(base)/Users?filter=\(query)", expect: [200])
        let list = try SCIMUser.object(response.body)
        let resources = list["Resources"] as? [[String: Any]] ?? []
        let total = list["totalResults"] as? Int ?? resources.count
        if total == 0 || resources.isEmpty { return nil }
        guard total == 1, resources.count == 1 else { throw Stop(.permanent("\(total) SCIM users have \(match.rawValue) \(employeeId)")) }
        return try SCIMUser(resources[0], etag: nil)
    }

    func deactivate(_ found: SCIMUser, verify: Bool) async throws -> ConnectorResult {
        // Read the resource itself: its ETag header (RFC 7644 §3.14) is what If-Match needs.
        let current = try await read(found.id) ?? found
        if current.active == false { return .done("SCIM user \(current.id) already inactive") }
        let patch: [String: Any] = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "replace", "path": "active", "value": false]],
        ]
        let body = try JSONSerialization.data(withJSONObject: patch, options: [.sortedKeys])
        var headers: [(String, String)] = [("Content-Type", "application/scim+json")]
        if let etag = current.etag { headers.append(("If-Match", etag)) }
        _ = try await call(.PATCH, "\(base)/Users/\(current.id)", headers: headers, body: Array(body), expect: [200, 204])
        guard verify else { return .done("SCIM user \(current.id) deactivated") }
        guard let after = try await read(current.id) else { return .permanent("verification failed: SCIM user \(current.id) is gone") }
        guard after.active == false else { return .permanent("verification failed: SCIM user \(current.id) is still active") }
        return .done("SCIM user \(current.id) inactive (verified)")
    }

    func delete(_ found: SCIMUser, verify: Bool) async throws -> ConnectorResult {
        var headers: [(String, String)] = []
        if let etag = found.etag { headers.append(("If-Match", etag)) }
        _ = try await call(.DELETE, "\(base)/Users/\(found.id)", headers: headers, expect: [200, 204, 404])
        guard verify else { return .done("SCIM user \(found.id) deleted") }
        if try await read(found.id) != nil { return .permanent("verification failed: SCIM user \(found.id) still exists") }
        return .done("SCIM user \(found.id) deleted (verified)")
    }

    /// The user by id, or nil when the server answers 404.
    func read(_ id: String) async throws -> SCIMUser? {
        let response = try await call(.GET, "\(base)/Users/\(id)", expect: [200, 404])
        if response.status == 404 { return nil }
        return try SCIMUser(SCIMUser.object(response.body), etag: response.header("ETag"))
    }

    /// Sends a request with the bearer token; a status outside `expect` stops the action as transient (408,
    /// 412, 429, 5xx: worth another attempt, which re-reads) or permanent (other statuses), with the RFC 7644
    /// §3.12 error's status and scimType.
    func call(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: [UInt8]? = nil, expect: Set<Int>) async throws -> HTTPExchange.Response {
        let all = [("Authorization", "Bearer \(token)"), ("Accept", "application/scim+json")] + headers
        switch await exchange.send(method, url, headers: all, body: body) {
        case let .failure(failure):
            throw Stop(.transient(failure.description))
        case let .success(response):
            if expect.contains(response.status) { return response }
            let text = "\(method.rawValue) \(Self.path(url)): " + SCIMError(response).description
            switch response.status {
            case 408, 412, 425, 429, 500...599: throw Stop(.transient(text))
            default: throw Stop(.permanent(text))
            }
        }
    }

    /// The path of a URL without its query (the filter names the employee id; it stays out of messages anyway).
    static func path(_ url: String) -> String {
        let withoutQuery = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        return URL(string: withoutQuery)?.path ?? withoutQuery
    }

    struct Stop: Error {
        var result: ConnectorResult
        init(_ result: ConnectorResult) { self.result = result }
    }
}
