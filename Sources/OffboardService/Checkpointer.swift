import Synchronization
import OffboardCore
import OffboardStore

/// Runs the WAL checkpoints of the scheduler's process where they cost no lateness: before it sleeps, and
/// between claims during a long burst (at most once every `burstInterval`), instead of inside whichever commit
/// SQLite picks (see ``OffboardDatabase/deferCheckpoints()``).
final class Checkpointer: Sendable {
    let database: OffboardDatabase
    let burstInterval: Double
    private let last = Mutex<Instant?>(nil)

    init(database: OffboardDatabase, burstInterval: Double = 2) throws {
        self.database = database
        self.burstInterval = burstInterval
        try database.deferCheckpoints()
    }

    /// Before sleeping: copy everything written so far.
    func beforeSleep(now: Instant) throws {
        try database.checkpoint()
        last.withLock { $0 = now }
    }

    /// During a burst: copy only when the last checkpoint is `burstInterval` old.
    func duringBurst(now: Instant) throws {
        let due = last.withLock { last -> Bool in
            guard let previous = last else { last = now; return false }
            return SchedulerService.seconds(from: previous, to: now) >= burstInterval
        }
        if due { try beforeSleep(now: now) }
    }
}
