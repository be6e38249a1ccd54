import Foundation

/// The parts of a SCIM User resource (RFC 7643 §4.1) the connector reads.
struct SCIMUser: Equatable {
    var id: String
    var active: Bool?
    /// The resource version for `If-Match`: the ETag header, else `meta.version` (RFC 7644 §3.14).
    var etag: String?

    init(_ object: [String: Any], etag: String?) throws {
        guard let id = object["id"] as? String, !id.isEmpty else { throw SCIMError.malformed("a User without an id") }
        self.id = id
        self.active = object["active"] as? Bool
        let meta = object["meta"] as? [String: Any]
        self.etag = etag ?? (meta?["version"] as? String)
    }

    static func object(_ body: [UInt8]) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw SCIMError.malformed("a response that is not a JSON object")
        }
        return object
    }
}

/// An RFC 7644 §3.12 error response, or a malformed one. Only the status and `scimType` are kept: `detail` is
/// free text that may name the person, and messages carry ids only.
struct SCIMError: Error, CustomStringConvertible {
    var description: String

    static func malformed(_ what: String) -> SCIMError { SCIMError(description: "malformed SCIM response: \(what)") }

    init(description: String) { self.description = description }

    init(_ response: HTTPExchange.Response) {
        let object = try? SCIMUser.object(response.body)
        let isError = (object?["schemas"] as? [String])?.contains("urn:ietf:params:scim:api:messages:2.0:Error") ?? false
        var text = "HTTP \(response.status)"
        if isError, let type = object?["scimType"] as? String, type.allSatisfy({ $0.isLetter }) { text += " (scimType \(type))" }
        description = text
    }
}
