import Synchronization
import OffboardCore
import OffboardStore

/// Runs the WAL checkpoints of the scheduler's process where they cost no lateness: before it sleeps, and
/// during long runs of commits (claims in a burst, planning thousands of separations) at most once every
/// `burstInterval` of the clock, instead of inside whichever commit SQLite picks (see
/// ``OffboardDatabase/deferCheckpoints()``). On a stopped clock (`--now`) only SQLite's safety net bounds a
/// long run.
final class Checkpointer: Sendable {
    let database: OffboardDatabase
    let clock: any WallClock
    let burstInterval: Double
    private let last = Mutex<Instant?>(nil)

    init(database: OffboardDatabase, clock: any WallClock, burstInterval: Double = 2) throws {
        self.database = database
        self.clock = clock
        self.burstInterval = burstInterval
        try database.deferCheckpoints()
    }

    /// Before sleeping: copy everything written so far.
    func beforeSleep() throws {
        try database.checkpoint()
        last.withLock { $0 = clock.now() }
    }

    /// During a long run of commits: copy only when the last checkpoint is `burstInterval` old.
    func duringBurst() throws {
        let now = clock.now()
        let due = last.withLock { last -> Bool in
            guard let previous = last else { last = now; return false }
            return previous.seconds(to: now) >= burstInterval
        }
        if due { try beforeSleep() }
    }
}
