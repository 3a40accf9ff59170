import FakeAuth0
import FakeAuth0Testing
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
              - id: demo-web
                type: regular_web
                secret: demo-web-secret
                callbacks: [http://localhost:3000/auth/callback]
                grants: [authorization_code, refresh_token, token_vault]
            connections:
              - { name: Username-Password-Authentication, strategy: auth0 }
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
        let accounts = try tenant.vault.accounts()
        #expect(accounts.map(\.userSub) == scenario.users.map(\.sub), "one account per user, in the users' order")
        #expect(Set(accounts.map(\.id)).count == 10_000 && Set(accounts.map(\.accessToken)).count == 10_000)
        #expect(try tenant.vault.accounts(user: "auth0|user9999").first?.scopes.contains("gmail.readonly") == true)
    }

    @Test(
        "a problem deep in a big file is reported with its path",
        arguments: [
            (
                "login_hint: user5000@", "login_hnt: user5000@",
                "big.yaml:users[4999].connected_accounts.google-oauth2.login_hnt: unknown key 'login_hnt'"
            ),
            (
                "  - sub: auth0|user9000\n", "  - sub: auth0|user9000\n    email_verified: maybe\n",
                "big.yaml:users[8999].email_verified: expected true or false"
            ),
            ("  - sub: auth0|user9000\n", "  - name: nobody\n", "big.yaml:users[8999].sub: required key is missing"),
            (
                "scopes: [openid, email, https://www.googleapis.com/auth/gmail.readonly]\n"
                    + "        login_hint: user9000@",
                "scopes: [openid, [email]]\n        login_hint: user9000@",
                "big.yaml:users[8999].connected_accounts.google-oauth2.scopes[1]: expected Scalar"
            ),
            (
                "email: user9000@example.com", "email: user8999@example.com",
                "big.yaml:users[8999].email: duplicate email 'user8999@example.com' (first at users[8998])"
            ),
            (
                "password: password-10000\n", "password: [password-10000]\n",
                "big.yaml:users[9999].password: expected Scalar"
            ),
        ])
    func problemInBigFile(find: String, replacement: String, expected: String) throws {
        let original = Self.scenario(users: 10_000)
        let text = original.replacingOccurrences(of: find, with: replacement)
        try #require(text != original, "the test did not change the file")
        do {
            _ = try ScenarioLoader.load(yaml: text, file: "big.yaml")
            Issue.record("the broken file was accepted")
        } catch {
            #expect(error.problems.map(\.description).first?.hasPrefix(expected) == true, "\(error.problems.prefix(3))")
        }
    }

    @Test("the last of 10,000 users logs in with a password and exchanges a refresh token at the Token Vault")
    func lastUserOverHTTP() async throws {
        let scenario = try ScenarioLoader.load(yaml: Self.scenario(users: 10_000), file: "big.yaml")
        try await withFakeTenant(scenario: scenario) { fake in
            let client = LoginClient(fake: fake)
            let page = try await client.authorize(["login_hint": "user10000@example.com"])
            let tx = try #require(page.loginTransaction, "no login page: \(page.status)")
            let back = try await client.browser.post(
                fake.url("/login"), form: ["tx": tx, "email": "user10000@example.com", "password": "password-10000"])
            let code = try #require(
                back.locationQuery["code"], "login refused: \(back.status) \(back.text.prefix(200))")
            let tokens = try await client.redeem(code)
            #expect(tokens.status == 200, "\(tokens.text)")
            let idToken = try #require(tokens.json["id_token"]?.stringValue)
            #expect(jwtParts(idToken).payload["sub"] == "auth0|user10000")
            let refreshToken = try #require(tokens.json["refresh_token"]?.stringValue)

            let exchange = try await VaultClient(fake: fake).exchange(subject: refreshToken)
            #expect(exchange.status == 200, "\(exchange.text)")
            #expect(exchange.json["access_token"]?.stringValue?.hasPrefix("ya29.") == true)
            let scopes = Scope.parse(exchange.json["scope"]?.stringValue)
            #expect(scopes.contains(TokenVaultTests.gmail))
            let hinted = try await VaultClient(fake: fake).exchange(
                subject: refreshToken, extra: ["login_hint": "user10000@gmail.example"])
            #expect(hinted.status == 200, "the seeded account is found by its login hint: \(hinted.text)")
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
