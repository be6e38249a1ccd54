import Foundation
import OffboardCore
import OffboardScheduler

/// A request for employee E100's `revoke_access`, as the scheduler would make it.
func sampleRequest(verify: Bool = true, key: String = "offboard-7-revoke_access", summary: String? = nil) -> ActionRequest {
    ActionRequest(
        actionId: 7, name: "revoke_access", attempt: 1, idempotencyKey: key, employeeId: "E100", separationId: 3,
        fireAt: Instant(secondsSinceEpoch: 1_738_368_000), deadline: Instant(secondsSinceEpoch: 1_738_371_600), verify: verify,
        summary: summary)
}

/// The root of the package (for fixtures).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

