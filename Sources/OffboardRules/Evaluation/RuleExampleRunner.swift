import OffboardCore

/// Runs the examples embedded in rule files: the lawyers' own test cases.
///
/// Used by `offboard rules test` and by the Swift Testing suite (one test case per example), so both
/// report the same failures in the same words.
public struct RuleExampleRunner: Sendable {
    public let rules: RuleSet

    public init(rules: RuleSet) { self.rules = rules }

    /// One example, addressable on its own (a parameterized test's argument).
    public struct Case: Sendable, CustomStringConvertible {
        public var file: RuleFile
        public var obligation: Obligation
        public var example: RuleExample

        /// `CA final-pay.discharge — discharged on a Friday (Rules/CA.yaml:41)`.
        public var description: String {
            "\(file.jurisdiction.code) \(obligation.id) — \(example.name) (\(example.location.file):\(example.location.line ?? 0))"
        }
    }

    public struct Outcome: Sendable {
        public var testCase: Case
        /// `nil` when the example passed; else the located failure, compiler-style.
        public var failure: String?
        public var passed: Bool { failure == nil }
    }

    /// Every example of the set (or of the files whose paths are in `paths`), in file and line order.
    public func cases(inFiles paths: Set<String>? = nil) -> [Case] {
        rules.files.values
            .filter { paths?.contains($0.path) ?? true }
            .sorted { $0.path < $1.path }
            .flatMap { file in
                file.obligations.flatMap { obligation in
                    obligation.examples.map { Case(file: file, obligation: obligation, example: $0) }
                }
            }
    }

    public func run(_ testCase: Case) -> Outcome {
        let example = testCase.example
        let label = "example '\(example.name)' (\(testCase.file.jurisdiction.code)/\(testCase.obligation.id))"
        func failed(_ message: String) -> Outcome {
            Outcome(testCase: testCase, failure: "\(example.location): error: \(label) \(message)")
        }
        let result: PlannedObligation?
        do {
            result = try RuleEvaluator(rules: rules).evaluate(
                testCase.obligation, in: testCase.file, for: example.event, completions: example.completed)
        } catch let error as RuleEvaluationError {
            return failed("could not be evaluated: \(error.message)")
        } catch {
            return failed("could not be evaluated: \(error)")
        }
        let zone = (try? rules.zone(for: example.event, rules: testCase.file)) ?? .utc
        let computed: String
        switch result {
        case nil: computed = "not_applicable"
        case let r? where r.due == nil: computed = "no_statutory_deadline"
        case let r?: computed = "due \(r.dueAt!.rfc3339(in: zone)) (due_date \(r.dueDate!))"
        }
        let ok: Bool
        let expected: String
        switch example.expect {
        case let .due(at):
            ok = result?.dueAt == at
            expected = "due \(at.rfc3339(in: zone))"
        case let .dueDate(date):
            ok = result?.dueDate == date
            expected = "due_date \(date)"
        case .notApplicable:
            ok = result == nil
            expected = "not_applicable"
        case .noStatutoryDeadline:
            ok = result != nil && result?.due == nil
            expected = "no_statutory_deadline"
        }
        return ok ? Outcome(testCase: testCase, failure: nil) : failed("expected \(expected), computed \(computed)")
    }
}
