import FakeAuth0
import FakeAuth0Server
import FakeAuth0Testing
import Testing

/// The README's Swift example ("Use it in your tests"), verbatim: interop/test_readme_examples.py
/// checks that the README still shows this code.
@Suite("README example")
struct ReadmeExampleTests {
    @Test func agentGetsApproval() async throws {
        try await withFakeTenant(scenario: try ScenarioLoader.defaultScenario()) { fake in
            // give the code under test fake.domain, or call fake.url("/oauth/token") yourself
            try fake.tenant.ciba.approveNext(for: "auth0|alice")
            fake.clock.advance(by: 3600)  // the tenant's virtual clock drives every expiry
            try fake.tenant.reset()  // back to the scenario's initial state
            let other = try await fake.tenants.create(scenario: try ScenarioLoader.defaultScenario())
            #expect(other.port != fake.port)  // an isolated tenant on its own port
        }
    }
}
