import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

/// Calls the Token Vault exchange as the SDKs do.
struct VaultClient {
    static let grant = "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token"
    static let refreshType = "urn:ietf:params:oauth:token-type:refresh_token"
    static let accessType = "urn:ietf:params:oauth:token-type:access_token"
    static let federatedType = "http://auth0.com/oauth/token-type/federated-connection-access-token"

    let fake: FakeTenant

    func exchange(
        subject: String = "demo-alice-refresh-token", type: String = Self.refreshType,
        connection: String = "google-oauth2",
        client: String = "demo-web", secret: String = "demo-web-secret", extra: [String: String] = [:]
    ) async throws -> HTTPResult {
        var form = [
            "grant_type": Self.grant, "subject_token": subject, "subject_token_type": type,
            "requested_token_type": Self.federatedType,
            "connection": connection, "client_id": client, "client_secret": secret,
        ]
        form.merge(extra) { _, new in new }
        return try await HTTP.postForm(fake.url("/oauth/token"), form)
    }
}

@Suite("Token Vault exchange over HTTP")
struct TokenVaultTests {
    static let gmail = "https://www.googleapis.com/auth/gmail.readonly"

    @Test("a refresh token is exchanged for the upstream token with every granted scope")
    func refreshTokenSubject() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            fake.clock.freeze()
            let response = try await VaultClient(fake: fake).exchange()
            #expect(response.status == 200)
            let body = response.json
            #expect(body["access_token"]?.stringValue?.hasPrefix("ya29.") == true)
            #expect(body["token_type"] == "Bearer")
            #expect(body["issued_token_type"] == .string(VaultClient.federatedType))
            #expect(body["id_token"] == nil && body["refresh_token"] == nil)
            let scopes = Scope.parse(body["scope"]?.stringValue)
            #expect(scopes.contains("openid") && scopes.contains(Self.gmail))
            let google = try #require(
                try fake.tenant.vault.accounts(user: "auth0|alice", connection: "google-oauth2").first)
            #expect(body["expires_in"]?.intValue == google.accessExpiresAt - fake.clock.nowSeconds())

            let github = try await VaultClient(fake: fake).exchange(connection: "github")
            #expect(github.json["access_token"]?.stringValue?.hasPrefix("gho_") == true)
            #expect(github.json["scope"] == "repo read:user")
            let slack = try await VaultClient(fake: fake).exchange(connection: "sign-in-with-slack")
            #expect(slack.json["access_token"]?.stringValue?.hasPrefix("xoxp-") == true)

            let json = try await HTTP.postJSON(
                fake.url("/oauth/token"),
                [
                    "grant_type": .string(VaultClient.grant), "subject_token": "demo-alice-refresh-token",
                    "subject_token_type": .string(VaultClient.refreshType),
                    "requested_token_type": .string(VaultClient.federatedType),
                    "connection": "google-oauth2", "client_id": "demo-web", "client_secret": "demo-web-secret",
                    "login_hint": .null,
                ])
            #expect(json.status == 200, "JSON bodies, as @auth0/ai sends them")
            #expect(json.json["access_token"] == body["access_token"], "the same upstream token until it expires")
        }
    }

    @Test("an API access token is exchanged by the API's Custom API Client")
    func accessTokenSubject() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let apiToken = try #require(
                try await HTTP.postForm(
                    fake.url("/oauth/token"),
                    [
                        "grant_type": "refresh_token", "refresh_token": "demo-alice-refresh-token",
                        "client_id": "demo-web",
                        "client_secret": "demo-web-secret", "audience": TestScenario.apiAudience,
                    ]
                ).json["access_token"]?.stringValue)
            let vault = VaultClient(fake: fake)
            let response = try await vault.exchange(
                subject: apiToken, type: VaultClient.accessType, client: "demo-api-client",
                secret: "demo-api-client-secret")
            #expect(response.status == 200)
            #expect(response.json["access_token"]?.stringValue?.hasPrefix("ya29.") == true)

            let notCustomAPI = try await vault.exchange(subject: apiToken, type: VaultClient.accessType)
            #expect(notCustomAPI.status == 403 && notCustomAPI.error == "unauthorized_client")
            let userInfoOnly = try #require(
                try await HTTP.postForm(
                    fake.url("/oauth/token"),
                    [
                        "grant_type": "refresh_token", "refresh_token": "demo-alice-refresh-token",
                        "client_id": "demo-web", "client_secret": "demo-web-secret",
                    ]
                ).json["access_token"]?.stringValue)
            let otherAudience = try await vault.exchange(
                subject: userInfoOnly, type: VaultClient.accessType, client: "demo-api-client",
                secret: "demo-api-client-secret")
            #expect(otherAudience.error == "invalid_grant")
            fake.clock.advance(by: 86_401)
            let expired = try await vault.exchange(
                subject: apiToken, type: VaultClient.accessType, client: "demo-api-client",
                secret: "demo-api-client-secret")
            #expect(expired.error == "invalid_grant")
        }
    }

    @Test(
        "errors as Auth0 sends them",
        arguments: [
            (
                "not connected", ["subject_token": "api-rt", "connection": "github"], 401,
                "federated_connection_refresh_token_not_found"
            ),
            ("unknown refresh token", ["subject_token": "nope"], 403, "invalid_grant"),
            ("another client's refresh token", ["subject_token": "rotating-rt"], 403, "invalid_grant"),
            ("unknown connection", ["connection": "myspace"], 400, "invalid_request"),
            ("no subject token", ["subject_token": ""], 400, "invalid_request"),
            ("odd subject type", ["subject_token_type": "urn:example:saml"], 400, "invalid_request"),
            ("odd requested type", ["requested_token_type": "urn:example:other"], 400, "invalid_request"),
            (
                "client without the grant", ["client_id": "demo-m2m", "client_secret": "demo-m2m-secret"], 403,
                "unauthorized_client"
            ),
        ] as [(String, [String: String], Int, String)])
    func errors(label: String, changes: [String: String], status: Int, error: String) async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let response = try await VaultClient(fake: fake).exchange(extra: changes)
            #expect(response.status == status, "\(label): \(response.text)")
            #expect(response.error == error, "\(label)")
            #expect(response.header("Content-Type") == "application/json")
        }
    }

    @Test("login_hint picks one of several linked accounts")
    func loginHintSelection() async throws {
        let scenario = try TestScenario.make { scenario in
            scenario.users[1].connectedAccounts = [
                ConnectedAccountConfig(
                    connection: "google-oauth2", scopes: ["openid", Self.gmail], loginHint: "bob@work.example",
                    accessToken: "ya29.work"),
                ConnectedAccountConfig(
                    connection: "google-oauth2", scopes: ["openid"], loginHint: "bob@home.example",
                    accessToken: "ya29.home"),
            ]
        }
        try await withFakeTenant(scenario: scenario) { fake in
            let vault = VaultClient(fake: fake)
            let first = try await vault.exchange(subject: "api-rt")
            let home = try await vault.exchange(subject: "api-rt", extra: ["login_hint": "bob@home.example"])
            let nowhere = try await vault.exchange(subject: "api-rt", extra: ["login_hint": "bob@nowhere.example"])
            #expect(first.json["access_token"] == "ya29.work")
            #expect(home.json["access_token"] == "ya29.home")
            #expect(nowhere.error == "federated_connection_refresh_token_not_found")
        }
    }

    @Test("an expired upstream token is refreshed on the virtual clock; without a refresh token the exchange fails")
    func upstreamRefresh() async throws {
        let scenario = try TestScenario.make { scenario in
            scenario.users[1].connectedAccounts = [
                ConnectedAccountConfig(connection: "github", scopes: ["repo"], expiresIn: 600, refreshToken: false)
            ]
        }
        try await withFakeTenant(scenario: scenario) { fake in
            let vault = VaultClient(fake: fake)
            let first = try #require(try await vault.exchange().json["access_token"]?.stringValue)
            let beforeExpiry = try await vault.exchange(subject: "api-rt", connection: "github")
            #expect(beforeExpiry.status == 200)
            fake.clock.advance(by: 3599)
            let refreshed = try await vault.exchange()
            #expect(refreshed.status == 200)
            #expect(refreshed.json["access_token"]?.stringValue != first)
            #expect(refreshed.json["expires_in"] == .int(3599))

            let noRefresh = try await vault.exchange(subject: "api-rt", connection: "github")
            #expect(noRefresh.status == 401 && noRefresh.error == "federated_connection_refresh_token_not_found")
        }
    }
}

@Suite("Token Vault control API")
struct TokenVaultControlTests {
    @Test("link, re-scope, expire, revoke and unlink take effect on the next exchange")
    func controlOverHTTP() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let vault = VaultClient(fake: fake)
            #expect(try await vault.exchange(subject: "api-rt", connection: "github").status == 401)
            let linked = try await HTTP.postJSON(
                fake.url("/__admin/vault/accounts"), ["user": "auth0|bob", "connection": "github", "scopes": ["repo"]])
            #expect(linked.status == 201)
            let id = try #require(linked.json["id"]?.stringValue)
            #expect(try await vault.exchange(subject: "api-rt", connection: "github").json["scope"] == "repo")

            let rescoped = try await HTTP.postJSON(
                fake.url("/__admin/vault/accounts/\(id)/scopes"), ["scopes": "repo read:org"])
            #expect(rescoped.status == 200)
            #expect(try await vault.exchange(subject: "api-rt", connection: "github").json["scope"] == "repo read:org")

            let before = try await vault.exchange(subject: "api-rt", connection: "github").json["access_token"]
            #expect(try await HTTP.send("POST", fake.url("/__admin/vault/accounts/\(id)/expire")).status == 200)
            let after = try await vault.exchange(subject: "api-rt", connection: "github")
            #expect(after.status == 200 && after.json["access_token"] != before)

            #expect(
                try await HTTP.send("POST", fake.url("/__admin/vault/accounts/\(id)/revoke")).json["revoked"]
                    == .bool(true))
            #expect(
                try await vault.exchange(subject: "api-rt", connection: "github").error
                    == "federated_connection_refresh_token_not_found")

            #expect(try await HTTP.send("DELETE", fake.url("/__admin/vault/accounts/\(id)")).status == 204)
            #expect(try await HTTP.send("DELETE", fake.url("/__admin/vault/accounts/\(id)")).status == 404)
            let bad = try await HTTP.postJSON(
                fake.url("/__admin/vault/accounts"), ["user": "auth0|nobody", "connection": "github"])
            #expect(bad.status == 400)
        }
    }

    @Test("Swift tests change the vault directly")
    func swiftControls() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let google = try #require(
                try fake.tenant.vault.accounts(user: "auth0|alice", connection: "google-oauth2").first)
            try fake.tenant.vault.setScopes(google.id, ["openid"])
            #expect(try await VaultClient(fake: fake).exchange().json["scope"] == "openid")
            try fake.tenant.vault.unlink(google.id)
            #expect(try await VaultClient(fake: fake).exchange().status == 401)
        }
    }
}
