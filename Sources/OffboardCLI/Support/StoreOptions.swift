import ArgumentParser
import Foundation
import OffboardCore
import OffboardStore

/// `--database PATH` and `--now`, shared by every command that uses the store.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("database"),
        help: ArgumentHelp("The SQLite file. Default: $OFFBOARD_DATABASE, else ./offboard.db.", valueName: "path"))
    var path: String?

    @Option(
        help: ArgumentHelp(
            "Act as if it were this instant (RFC 3339 with offset), for what-if queries and tests. Default: the system clock.",
            valueName: "instant"))
    var now: String?

    var resolvedPath: String {
        if let path { return path }
        if let env = ProcessInfo.processInfo.environment["OFFBOARD_DATABASE"], !env.isEmpty { return env }
        return "offboard.db"
    }

    func clock() throws -> any WallClock {
        guard let now else { return SystemWallClock() }
        guard let instant = Instant(rfc3339: now) else {
            throw ValidationError("--now: expected an RFC 3339 instant with an offset (2025-03-14T09:00:00-07:00), found '\(now)'")
        }
        return FixedWallClock(instant)
    }

    /// Opens the store, turning a failure into one clear line and exit 66 (cannot open) or 65 (not ours).
    func open() throws -> OffboardDatabase {
        do {
            return try OffboardDatabase(path: resolvedPath)
        } catch let error as StoreError {
            Console.error("error: \(error.message)")
            throw error.code == .cannotOpen ? ExitStatus.noInput : ExitStatus.dataError
        }
    }
}

/// `--tz ZONE`: the zone "this week" and "today" are read in.
struct ZoneOption: ParsableArguments {
    @Option(help: ArgumentHelp("IANA time zone for week and day boundaries. Default: the machine's zone.", valueName: "zone"))
    var tz: String?

    func zone() throws -> Zone {
        let identifier = tz ?? TimeZone.current.identifier
        guard let zone = Zone(identifier: identifier) else {
            throw ValidationError("--tz: unknown IANA time zone '\(identifier)' (e.g. America/Chicago)")
        }
        return zone
    }
}
