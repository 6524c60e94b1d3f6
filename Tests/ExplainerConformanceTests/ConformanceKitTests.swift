import ExplainerKit
import ExplainerTestKit
import Testing

/// The conformance kit catches broken explainers (so a pass means something).
@Suite struct ConformanceKitTests {
    /// Breaks a chosen rule.
    struct Broken: Explainer {
        enum Flaw: Sendable { case wrongLength, notFinite, unseeded, overBudget, crashesOnEmpty }
        let flaw: Flaw
        var descriptor: ExplainerDescriptor {
            ExplainerDescriptor(id: "broken", name: "Broken", family: .baseline, reference: "test",
                                modelKinds: [.encoderClassifier], forwardPassBudget: ForwardPassBudget(constant: 1))
        }
        func explain(_ subject: ExplanationSubject) throws -> Attribution {
            guard case .encoder(let encoder) = subject else { throw ExplainerError.unsupportedModel(explainer: "broken", kind: .decoderLM) }
            var scores = [Float](repeating: 1, count: subject.tokens.count)
            switch flaw {
            case .wrongLength:
                var a = Attribution(tokenScores: scores, of: subject)
                a.tokenScores.removeLast()
                return a
            case .notFinite: scores[0] = .nan
            case .unseeded: scores[0] = Float.random(in: 0..<1)
            case .overBudget: _ = try encoder.targetValues(keeping: [[Bool](repeating: true, count: encoder.words.count)] + [[Bool](repeating: false, count: encoder.words.count)])
            case .crashesOnEmpty: break
            }
            return Attribution(tokenScores: scores, of: subject)
        }
    }

    @Test(arguments: [(Broken.Flaw.wrongLength, "token scores for"), (.notFinite, "not finite"),
                      (.unseeded, "differ between two runs"), (.overBudget, "exceed the budget")])
    func catches(flaw: Broken.Flaw, message: String) throws {
        let entry = ExplainerEntry(Broken(flaw: flaw).descriptor, configuration: NoOptions.self) { _ in Broken(flaw: flaw) }
        let failures = try ExplainerConformance.check(entry)
        #expect(failures.contains { $0.contains(message) }, "\(failures)")
        #expect(throws: ConformanceFailure.self) { try ExplainerConformance.verify(entry) }
    }

    @Test func aDecoderKindTheDescriptorOmitsIsRejected() throws {
        let entry = ExplainerEntry(Broken(flaw: .crashesOnEmpty).descriptor, configuration: NoOptions.self) { _ in Broken(flaw: .crashesOnEmpty) }
        // Broken lists only the encoder; the kit checks the decoder is refused by the subject, not explained.
        #expect(try ExplainerConformance.check(entry).isEmpty)
    }
}
