public import Foundation

/// A third-party server (from PyPI or Debian) started on 127.0.0.1 for a test, stopped by ``stop()``.
///
/// The child inherits no descriptor above stderr (so it never holds another test's pipe open) and no blocked
/// or ignored signal (see ``Spawned``).
public final class LocalServer: Sendable {
    public let port: Int
    let child: Spawned

    /// Starts `arguments` (with `{port}` replaced by a free port) and waits until the port accepts connections.
    public init(_ arguments: [String], environment: [String: String] = [:], log: URL? = nil, timeout: Double = 30) throws {
        let port = try Self.freePort()
        self.port = port
        let command = arguments.map { $0.replacingOccurrences(of: "{port}", with: String(port)) }
        child = try Spawned(command, environment: environment, output: log?.path)
        let deadline = Date().addingTimeInterval(timeout)
        while !Self.accepts(port) {
            guard child.isRunning(), Date() < deadline else {
                stop()
                throw LocalServerError(description: "\(command.first ?? "server") did not start listening on 127.0.0.1:\(port)")
            }
            usleep(50_000)
        }
    }

    deinit { stop() }

    /// Sends SIGTERM, then SIGKILL after 2 s, and reaps the server.
    public func stop() {
        guard child.isRunning() else { return }
        kill(child.pid, SIGTERM)
        let deadline = Date().addingTimeInterval(2)
        while child.isRunning() {
            if Date() > deadline { kill(child.pid, SIGKILL) }
            usleep(10_000)
        }
    }

    /// A port nothing listens on right now.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw LocalServerError(description: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

public struct LocalServerError: Error, CustomStringConvertible {
    public var description: String
}
