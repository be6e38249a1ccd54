import Dispatch

/// A task executor on Dispatch threads that are not Swift's cooperative pool.
///
/// On a 2-core machine the cooperative pool has two threads, and the test suites that wait for child
/// processes block them; an in-process server or client on that pool then starves and times out. Servers
/// and the tests that talk to them run here instead (child tasks inherit the preference).
public final class OffPoolExecutor: TaskExecutor, @unchecked Sendable {
    public static let shared = OffPoolExecutor()
    private let queue = DispatchQueue(label: "offboard.testing.off-pool", attributes: .concurrent)

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// Runs `body` (and the tasks it starts) on ``OffPoolExecutor``.
public func offPool<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
    try await withTaskExecutorPreference(OffPoolExecutor.shared, operation: body)
}
