import OffboardCore
import OffboardStore

enum AuditRenderer {
    static func json(_ e: AuditEntry) -> JSONText {
        .object([
            ("seq", .number(Int(e.seq))), ("at", .string(e.at)), ("actor", .string(e.actor)),
            ("employee_id", .optional(e.employeeId)), ("subject", .string(e.subject)), ("action", .string(e.action)),
            ("outcome", .string(e.outcome)), ("details", .string(e.details)), ("prev_hash", .string(e.prevHash)),
            ("hash", .string(e.hash)),
        ])
    }

    static let csvColumns = ["seq", "at", "actor", "employee_id", "subject", "action", "outcome", "details", "prev_hash", "hash"]

    static func csv(_ entries: [AuditEntry]) -> String {
        var out = csvColumns.joined(separator: ",") + "\r\n"
        for e in entries {
            out += ["\(e.seq)", e.at, e.actor, e.employeeId ?? "", e.subject, e.action, e.outcome, e.details, e.prevHash, e.hash]
                .map(DeadlineRenderer.csvCell).joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func table(_ entries: [AuditEntry]) -> String {
        guard !entries.isEmpty else { return "no audit entries match" }
        return TextTable.render([["SEQ", "AT", "ACTOR", "EMPLOYEE", "SUBJECT", "ACTION", "OUTCOME", "HASH"]] + entries.map {
            ["\($0.seq)", $0.at, $0.actor, $0.employeeId ?? "-", $0.subject, $0.action, $0.outcome, String($0.hash.prefix(12))]
        })
    }
}
