public import OffboardCore
import Yams

/// Parses YAML into a ``OffboardCore/DocumentNode`` under offboard's strict profile.
///
/// - No implicit typing: only `true`/`false` are booleans, only digit strings are numbers, `null`/`~`/empty
///   is null; everything else (including `yes`, `no`, `2025-01-31`) stays text for the schema to judge.
/// - Duplicate keys, syntax errors: reported with `file:line:column`.
public enum YAMLDocument {
    public static func parse(_ text: String, file: String) throws(Diagnostic) -> DocumentNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw diagnostic(for: error, file: file)
        } catch {
            throw Diagnostic(at: SourceLocation(file: file), "cannot read YAML: \(error)")
        }
        guard let root else { return DocumentNode(.null, at: SourceLocation(file: file, line: 1, column: 1)) }
        return try convert(root, file: file)
    }

    private static func location(_ mark: Mark?, _ file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line, column: mark?.column)
    }

    private static func convert(_ node: Node, file: String) throws(Diagnostic) -> DocumentNode {
        switch node {
        case let .scalar(scalar):
            let at = location(scalar.mark, file)
            guard scalar.style == .plain || scalar.style == .any else { return DocumentNode(.string(scalar.string), at: at) }
            switch scalar.string {
            case "true": return DocumentNode(.bool(true), at: at)
            case "false": return DocumentNode(.bool(false), at: at)
            case "", "~", "null": return DocumentNode(.null, at: at)
            case let s where isInteger(s): return DocumentNode(.number(s), at: at)
            case let s: return DocumentNode(.string(s), at: at)
            }
        case let .mapping(mapping):
            var members: [DocumentNode.Member] = []
            for (key, value) in mapping {
                guard case let .scalar(k) = key else {
                    throw Diagnostic(at: location(key.mark, file), "a mapping key must be plain text")
                }
                members.append(.init(key: k.string, keyLocation: location(k.mark, file), value: try convert(value, file: file)))
            }
            return DocumentNode(.object(members), at: location(mapping.mark, file))
        case let .sequence(sequence):
            var elements: [DocumentNode] = []
            for element in sequence { elements.append(try convert(element, file: file)) }
            return DocumentNode(.array(elements), at: location(sequence.mark, file))
        case let .alias(alias):
            // Yams resolves aliases while composing; an unresolved one is an error in the file.
            throw Diagnostic(at: location(alias.mark, file), "unresolved YAML alias *\(alias.anchor.rawValue)")
        }
    }

    private static func isInteger(_ s: String) -> Bool {
        let digits = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
        return !digits.isEmpty && digits.count < 18 && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return Diagnostic(at: location(mark, file), "invalid YAML: \(prefix)\(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(at: location(context.mark, file), "duplicate key \(keys) in a mapping")
        case let .reader(problem, offset, _, _):
            return Diagnostic(at: SourceLocation(file: file), "invalid YAML: \(problem)\(offset.map { " at byte \($0)" } ?? "")")
        default:
            return Diagnostic(at: SourceLocation(file: file), "invalid YAML: \(error)")
        }
    }
}
