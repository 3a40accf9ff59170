import FakeAuth0
import Foundation
import Testing

@Suite("big scenario files")
struct BigScenarioTests {
    /// `count` users, each with a password and a Google account in the Token Vault (what
    /// `bench/gen-scenario.py` writes): 10,000 of them are more than 200,000 YAML values.
    static func scenario(users count: Int) -> String {
        var text = """
            tenant: { name: big }
            clients:
              - { id: web, type: regular_web, secret: s, callbacks: [http://localhost:3000/cb], grants: [token_vault] }
            connections:
              - { name: google-oauth2 }
            users:

            """
        for n in 1...count {
            text += """
                  - sub: auth0|user\(n)
                    email: user\(n)@example.com
                    password: password-\(n)
                    connected_accounts:
                      google-oauth2:
                        scopes: [openid, email, https://www.googleapis.com/auth/gmail.readonly]
                        login_hint: user\(n)@gmail.example

                """
        }
        return text
    }

    @Test("10,000 users with vault accounts load, and the tenant starts with every account stored")
    func tenThousandUsers() async throws {
        let scenario = try ScenarioLoader.load(yaml: Self.scenario(users: 10_000), file: "big.yaml")
        #expect(scenario.users.count == 10_000)
        #expect(scenario.users.last?.connectedAccounts.first?.loginHint == "user10000@gmail.example")
        let tenant = try await Tenant.start(scenario: scenario, store: try StateStore.inMemory())
        #expect(try tenant.vault.accounts().count == 10_000)
        #expect(try tenant.vault.accounts(user: "auth0|user9999").first?.scopes.contains("gmail.readonly") == true)
    }

    @Test("a problem deep in a big file is still reported with its path")
    func problemInBigFile() {
        let text = Self.scenario(users: 10_000).replacingOccurrences(
            of: "login_hint: user5000@", with: "login_hnt: user5000@")
        do {
            _ = try ScenarioLoader.load(yaml: text, file: "big.yaml")
            Issue.record("the misspelt key was accepted")
        } catch {
            #expect(
                error.problems.map(\.description).first?.hasPrefix(
                    "big.yaml:users[4999].connected_accounts.google-oauth2.login_hnt: unknown key") == true)
        }
    }

    @Test("merge keys, and mapping keys that look like numbers, booleans or dates, keep working")
    func mergeAndPlainKeys() throws {
        let scenario = try ScenarioLoader.load(
            yaml: """
                tenant: { name: t }
                users:
                  - &alice
                    sub: auth0|alice
                    email: alice@example.com
                    name: Alice Example
                    app_metadata: { 1: one, true: yes, 2026-01-01: date, null: nothing, "<<": quoted }
                  - <<: *alice
                    sub: auth0|alice2
                    email: alice2@example.com
                """, file: "t.yaml")
        #expect(scenario.users.map(\.sub) == ["auth0|alice", "auth0|alice2"])
        #expect(scenario.users[1].name == "Alice Example")
        #expect(scenario.users[1].email == "alice2@example.com")
        let metadata = scenario.users[1].appMetadata
        #expect(Set(metadata.keys) == ["1", "true", "2026-01-01", "null", "<<"])
        #expect(metadata["2026-01-01"] == .string("date"))
    }
}
