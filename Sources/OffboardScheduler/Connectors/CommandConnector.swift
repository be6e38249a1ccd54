import Foundation
import OffboardCore

/// Runs a local executable with the action as JSON on standard input, for systems without an API.
///
/// Exit 0 is done (its standard output, trimmed, is the evidence); exit 75 (EX_TEMPFAIL) or a timeout is
/// transient and retried; any other exit is permanent. The executable gets the idempotency key in the JSON
/// and in `OFFBOARD_IDEMPOTENCY_KEY`.
public struct CommandConnector: Connector {
    let path: String
    let arguments: [String]
    let timeout: Double

    public init(path: String, arguments: [String] = [], timeout: Double = 60) {
        self.path = path
        self.arguments = arguments
        self.timeout = timeout
    }

    public func perform(_ request: ActionRequest) async -> ConnectorResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OFFBOARD_IDEMPOTENCY_KEY"] = request.idempotencyKey
        process.environment = environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .permanent("cannot run \(path): \(error.localizedDescription)")
        }
        input.fileHandleForWriting.write(Data((request.json.compact + "\n").utf8))
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                return .transient("timed out after \(Int(timeout)) s")
            }
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        switch process.terminationStatus {
        case 0: return .done(String(text.prefix(500)))
        case 75: return .transient("exit 75 (temporary failure)")
        default: return .permanent("exit \(process.terminationStatus)")
        }
    }
}
