import Foundation

/// Runs the real built `offboard` binary, as a user would.
struct OffboardProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The `offboard` executable next to the test bundle (`swift test` builds it, since this target depends on it).
    static var binary: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("offboard")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return packageRoot.appendingPathComponent(".build/debug/offboard")
    }

    static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], in directory: URL = packageRoot
    ) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "OFFBOARD_RULES")
        for (key, value) in environment { env[key] = value }
        return try Shell.run(binary.path, arguments, stdin: stdin, environment: env, in: directory)
    }

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("offboard-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A copy of the bundled `Rules/` in a temporary directory, for tests that break it on purpose.
    static func copyOfRules() throws -> URL {
        let directory = try temporaryDirectory()
        let target = directory.appendingPathComponent("Rules")
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Rules"), to: target)
        return target
    }
}

/// Runs any executable with arguments, standard input, environment and working directory; collects its output.
enum Shell {
    static func run(
        _ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil,
        in directory: URL? = nil
    ) throws -> OffboardProcess.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // A hung child must not hang the test run: stop it after two minutes (the test then fails on its status).
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) { if process.isRunning { kill(pid, SIGKILL) } }
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes at once, so a child filling one while we wait on the other cannot deadlock.
        let errData = ErrorOutput()
        let reader = Thread { errData.data = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errData.done { usleep(1000) }
        return .init(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.data, as: UTF8.self))
    }

    private final class ErrorOutput: @unchecked Sendable {
        private let lock = NSLock()
        private var _data: Data?
        var data: Data {
            get { lock.withLock { _data ?? Data() } }
            set { lock.withLock { _data = newValue } }
        }
        var done: Bool { lock.withLock { _data != nil } }
    }
}

/// Starts `offboard run --until-idle` in the background against the test store, its output discarded.
func startBackgroundRun(_ dir: StoreDirectory, playbook: String, environment: [String: String], extra: [String] = []) throws -> Process {
    let p = Process()
    p.executableURL = OffboardProcess.binary
    p.arguments = ["run", "--until-idle", "--database", dir.database, "--playbook", playbook] + extra
    p.currentDirectoryURL = dir.url
    p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    return p
}
