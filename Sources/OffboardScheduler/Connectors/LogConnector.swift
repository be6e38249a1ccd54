import Foundation
import OffboardCore

/// Records what would be done, one JSON line per call, and succeeds. The default, and the dry-run connector.
public struct LogConnector: Connector {
    let name: String
    let write: @Sendable (String) -> Void

    public init(name: String, write: @escaping @Sendable (String) -> Void) {
        self.name = name
        self.write = write
    }

    public func perform(_ request: ActionRequest) async -> ConnectorResult {
        guard case var .object(members) = request.json else { return .permanent("unreachable") }
        members.insert(("connector", .string(name)), at: 0)
        members.insert(("log", .string("would perform")), at: 1)
        write(JSONText.object(members).compact)
        return .done("logged")
    }
}
