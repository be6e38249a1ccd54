import OffboardCore
public import OffboardRules
public import Testing

extension RuleExampleRunner.Case: CustomTestStringConvertible {
    public var testDescription: String { description }
}

/// Every example embedded in `Rules/` is one test case, named after its rule, example and line.
@Suite("Rule examples in Rules/")
struct RuleExampleTests {
    static let rules = try? TestRules.bundled()

    static func cases() throws -> [RuleExampleRunner.Case] {
        RuleExampleRunner(rules: try TestRules.bundled()).cases()
    }

    @Test("Rules/ loads with no errors and no warnings")
    func loads() throws {
        let (set, diagnostics) = RuleSet.load(try RuleSet.sources(inDirectory: TestRules.bundledDirectory, displayedAs: "Rules"))
        #expect(diagnostics.map(\.description) == [])
        let loaded = try #require(set)
        #expect(loaded.federal != nil)
        #expect(loaded.files.values.allSatisfy { loaded.calendars[$0.jurisdiction.calendar] != nil })
    }

    @Test("Embedded example", arguments: try cases())
    func example(_ testCase: RuleExampleRunner.Case) throws {
        let outcome = RuleExampleRunner(rules: try #require(Self.rules)).run(testCase)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
    }

    @Test("Every obligation has an example, and every version has a citation")
    func coverage() throws {
        let rules = try #require(Self.rules)
        for file in rules.files.values {
            for obligation in file.obligations {
                #expect(!obligation.examples.isEmpty, "\(file.path): \(obligation.id)")
                for version in obligation.versions {
                    #expect(!version.source.citation.isEmpty, "\(file.path): \(obligation.id) \(version.effective)")
                }
            }
        }
    }
}
