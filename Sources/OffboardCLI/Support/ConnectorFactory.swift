import AsyncHTTPClient
import Foundation
import OffboardConnectors
import OffboardCore
import OffboardScheduler

/// Builds the playbook's connectors, reading the secrets they name from the environment (only the composition
/// root reads the environment). A secret that is not set is a configuration error before anything fires.
struct ConnectorFactory {
    var environment: [String: String] = ProcessInfo.processInfo.environment
    var clock: any WallClock
    /// The HTTP client the webhook and SCIM connectors share (its owner shuts it down).
    var http: HTTPClient = ConnectorHTTPClient.shared

    func connectors(_ playbook: Playbook) throws -> [String: any Connector] {
        var result: [String: any Connector] = [:]
        var missing: [String] = []
        func secret(_ config: ConnectorConfig, _ key: String) -> String {
            guard let variable = config.settings[key] else { return "" }
            guard let value = environment[variable], !value.isEmpty else {
                missing.append("\(config.location): connector '\(config.name)': \(key) names $\(variable), which is not set")
                return ""
            }
            return value
        }
        for (name, config) in playbook.connectors {
            let timeout = Double(config.settings["timeout"].flatMap(Durations.seconds) ?? 10)
            switch config.kind {
            case .log:
                result[name] = LogConnector(name: name, write: { Console.out($0) })
            case .command:
                result[name] = CommandConnector(
                    path: config.settings["path"] ?? "", arguments: config.settings["arguments"]?.split(separator: " ").map(String.init) ?? [],
                    timeout: Double(config.settings["timeout"].flatMap(Durations.seconds) ?? 60))
            case .webhook:
                result[name] = WebhookConnector(
                    url: config.settings["url"] ?? "", secret: Array(secret(config, "secret_env").utf8),
                    signatureHeader: config.settings["signature_header"] ?? WebhookSignature.signatureHeader, timeout: timeout, clock: clock,
                    client: http)
            case .scim:
                result[name] = SCIMConnector(
                    baseURL: config.settings["base_url"] ?? "", token: secret(config, "token_env"),
                    operation: config.settings["operation"].flatMap(SCIMConnector.Operation.init(rawValue:)) ?? .deactivate,
                    match: config.settings["match"].flatMap(SCIMConnector.Match.init(rawValue:)) ?? .externalId, timeout: timeout,
                    client: http)
            case .email:
                result[name] = EmailConnector(
                    host: config.settings["host"] ?? "", port: config.settings["port"].flatMap(Int.init) ?? 25,
                    from: config.settings["from"] ?? "", to: (config.settings["to"] ?? "").split(separator: ",").map(String.init),
                    timeout: Double(config.settings["timeout"].flatMap(Durations.seconds) ?? 30), clock: clock)
            }
        }
        if !missing.isEmpty {
            missing.sorted().forEach { Console.error("error: \($0)") }
            throw ExitStatus.configError
        }
        return result
    }
}
