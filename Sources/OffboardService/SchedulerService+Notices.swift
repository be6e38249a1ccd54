import OffboardCore
import OffboardScheduler
import OffboardStore

extension SchedulerService {
    /// How many notices go out at once: a slow escalation connector delays the rest less, and a graceful
    /// shutdown waits for at most one round of them.
    static let noticeParallelism = 8
    /// How many due notices one outbox transaction takes.
    static let noticeBatch = 64

    /// Delivers the alerts and warnings due in the notice outbox through the escalation connector, several at
    /// once, and records each outcome (audited). A failed delivery is tried again with backoff
    /// (``ActionStore/noticeBackoff(failures:)``), under the same idempotency key.
    func deliverNotices(_ stop: StopFlag) async throws {
        let policy = playbook.escalation
        let connector = connectors[policy.connector]
        let targets = policy.targets.joined(separator: ", ")
        while !stop.isSet {
            let notices = try store.dueNotices(now: clock.now(), limit: Self.noticeBatch)
            if notices.isEmpty { return }
            let results = await withTaskGroup(of: (Notice, ConnectorResult).self) { group in
                var results: [(Notice, ConnectorResult)] = []
                var pending = notices[...]
                var inFlight = 0
                while true {
                    while inFlight < Self.noticeParallelism, let notice = pending.popFirst() {
                        inFlight += 1
                        let request = ActionRequest(
                            actionId: notice.actionId ?? 0, name: notice.kind == .alert ? "escalation" : "warning", attempt: notice.round,
                            idempotencyKey: notice.idempotencyKey, employeeId: notice.employeeId, separationId: notice.separationId,
                            fireAt: clock.now(), deadline: notice.deadline, verify: false,
                            summary: notice.kind == .alert ? "escalation \(notice.subjectId): \(notice.summary)" : notice.summary)
                        group.addTask { (notice, await connector?.perform(request) ?? .permanent("no connector \(policy.connector)")) }
                    }
                    guard let result = await group.next() else { break }
                    inFlight -= 1
                    results.append(result)
                }
                return results
            }
            let retries = try store.recordNotices(
                results.map { ($0.0, $0.1.label == "ok" ? NoticeOutcome.delivered($0.1.detail) : .failed($0.1.detail)) },
                connector: policy.connector, now: clock.now())
            for ((notice, result), retry) in zip(results, retries) {
                let outcome = retry.map { "NOT DELIVERED (\(result.detail)); trying again at \($0)" } ?? "delivered"
                switch notice.kind {
                case .alert:
                    let id = notice.subjectId
                    log("escalation \(id) (alert \(notice.round)): employee \(notice.employeeId): \(notice.summary) → \(targets); \(retry == nil ? "alerted" : "ALERT \(outcome)"); acknowledge with: offboard ack \(id)")
                case .warning:
                    log("warning: \(notice.summary) → \(targets)\(retry == nil ? "" : "; WARNING \(outcome)")")
                }
            }
            if notices.count < Self.noticeBatch { return }
        }
    }
}
