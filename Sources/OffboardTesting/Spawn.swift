import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts and reaps child processes with posix_spawn and waitpid, without Foundation's `Process` (whose
/// termination monitoring stalled when several tests started servers at once on this 2-core machine).
///
/// The child gets an empty signal mask and default signal handlers, stdin from /dev/null, stdout and stderr to
/// `output` (or /dev/null), and no other descriptor of the test process.
public struct Spawned: Sendable {
    public let pid: Int32

    public init(_ arguments: [String], environment: [String: String] = [:], output: String? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // glibc ≥ 2.34 has it; Swift's Glibc module does not declare it.
        if let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") {
            typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else { throw LocalServerError(description: "cannot start \(arguments[0]): error \(status)") }
        self.pid = pid
    }

    /// Whether the child is still running (reaps it when it has exited).
    public func isRunning() -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// Waits for the child and returns its exit status (128 + signal when killed).
    @discardableResult
    public func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Runs `arguments` to completion and returns its standard output (stdin from `input`).
    public static func output(_ arguments: [String], input: String? = nil) throws -> String {
        let dir = FileManager.default.temporaryDirectory
        let out = dir.appendingPathComponent("offboard-spawn-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        var command = arguments
        var inputFile: URL?
        if let input {
            let file = dir.appendingPathComponent("offboard-spawn-in-\(UUID().uuidString)")
            try input.write(to: file, atomically: true, encoding: .utf8)
            inputFile = file
            command = ["/bin/sh", "-c", "exec \"$@\" < \"$0\"", file.path] + arguments
        }
        defer { inputFile.map { try? FileManager.default.removeItem(at: $0) } }
        try Spawned(command, output: out.path).wait()
        return try String(contentsOf: out, encoding: .utf8)
    }
}
