import Dispatch
public import OffboardStore

/// Group commit for HTTP intake: concurrent requests are stored together, one transaction per batch, each
/// answered once its transaction has committed. A batch that fails as a whole (one bad event among good ones)
/// is retried one event at a time, so each request gets its own answer. The writes run on a Dispatch thread,
/// never on Swift's cooperative pool.
public final class IntakeQueue: Sendable {
    typealias Waiter = CheckedContinuation<Result<Intake.Receipt, any Error>, Never>
    typealias Item = (prepared: PreparedSubmission, waiter: Waiter)

    let intake: Intake
    private let batches = GroupCommit<Item>()
    private let queue = DispatchQueue(label: "offboard.intake")

    public init(intake: Intake) {
        self.intake = intake
    }

    /// Plans the event (on the caller's task) and stores it with whatever else is waiting.
    public func submit(_ submission: Intake.Submission) async -> Result<Intake.Receipt, any Error> {
        let prepared = intake.prepare(submission)
        return await withCheckedContinuation { (waiter: Waiter) in
            if batches.add(CollectionOfOne((prepared, waiter))) { queue.async { self.drain() } }
        }
    }

    private func drain() {
        while true {
            let batch = batches.next()
            if batch.isEmpty { return }
            do {
                let receipts = try intake.submit(prepared: batch.map(\.0))
                for (item, receipt) in zip(batch, receipts) { item.1.resume(returning: .success(receipt)) }
            } catch {
                for item in batch {
                    item.1.resume(returning: Result { try intake.submit(prepared: [item.0])[0] })
                }
            }
        }
    }
}
