import Foundation
import OffboardCore

/// Reads a termination event from a file path, or from standard input when the path is `-`.
enum EventInput {
    static func read(_ path: String) throws -> TerminationEvent {
        let text: String
        let name: String
        if path == "-" {
            name = "<stdin>"
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            name = path
            guard let data = FileManager.default.contents(atPath: path) else {
                Console.error("error: \(path): cannot read the event file")
                throw ExitStatus.noInput
            }
            text = String(decoding: data, as: UTF8.self)
        }
        do {
            return try TerminationEventParser.parse(json: text, file: name)
        } catch let error as DiagnosticsError {
            error.diagnostics.forEach { Console.error($0.description) }
            Console.error("error: \(name): the event is invalid; nothing was planned")
            throw ExitStatus.dataError
        }
    }
}
