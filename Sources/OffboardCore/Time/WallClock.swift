import Foundation

/// Where "now" comes from. Libraries take one; only the composition root (the CLI) picks the system clock,
/// so tests and simulations run on a fixed or virtual time.
public protocol WallClock: Sendable {
    func now() -> Instant
}

/// The machine's clock.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Instant { Instant(Date()) }
}

/// A clock stopped at one instant (for `--now`, tests and what-if queries).
public struct FixedWallClock: WallClock {
    public let instant: Instant
    public init(_ instant: Instant) { self.instant = instant }
    public func now() -> Instant { instant }
}
