import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

/// A refresh grant for a seeded refresh token, as an SDK sends it.
func refreshGrant(
    _ fake: FakeTenant, _ token: String, client: String = "demo-web", secret: String = "demo-web-secret"
) async throws -> HTTPResult {
    try await HTTP.postForm(
        fake.url("/oauth/token"),
        ["grant_type": "refresh_token", "refresh_token": token, "client_id": client, "client_secret": secret])
}

@Suite("lifecycle faults over HTTP: revoked refresh tokens, failing upstream refresh, skewed token clocks")
struct LifecycleFaultTests {
    @Test("revoking a user's refresh tokens: the refresh grant and the vault exchange answer invalid_grant")
    func revokeRefreshTokens() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            #expect(try await refreshGrant(fake, "demo-alice-refresh-token").status == 200)
            let otherClient = try await HTTP.postJSON(
                fake.url("/__admin/refresh-tokens/revoke"), ["user": "auth0|alice", "client": "demo-m2m"])
            #expect(otherClient.status == 200 && otherClient.json["revoked"] == 0)
            #expect(try await refreshGrant(fake, "demo-alice-refresh-token").status == 200)

            let revoked = try await HTTP.postJSON(
                fake.url("/__admin/refresh-tokens/revoke"), ["user": "auth0|alice", "client": "demo-web"])
            #expect(revoked.status == 200 && revoked.json["revoked"] == 1 && revoked.json["user"] == "auth0|alice")
            let refused = try await refreshGrant(fake, "demo-alice-refresh-token")
            #expect(refused.status == 403 && refused.error == "invalid_grant")
            #expect(refused.json["error_description"] == "Unknown or invalid refresh token.")
            let exchange = try await VaultClient(fake: fake).exchange()
            #expect(exchange.status == 403 && exchange.error == "invalid_grant")
            #expect(
                try await refreshGrant(fake, "rotating-rt", client: "rotating-web", secret: "rotating-secret").status
                    == 200)
            #expect(try await refreshGrant(fake, "api-rt").status == 200, "Bob's token is not Alice's")

            let all = try await HTTP.postJSON(fake.url("/__admin/refresh-tokens/revoke"), ["user": "auth0|alice"])
            #expect(all.json["revoked"] == 1, "the rotating client's successor (the used original is dead already)")
            let entry = try #require(fake.tenant.journal.entries(JournalQuery(event: "refresh_tokens.revoked")).last)
            #expect(entry.user == "auth0|alice" && entry.details["revoked"] == 1)

            try fake.tenant.reset()
            #expect(try await refreshGrant(fake, "demo-alice-refresh-token").status == 200, "reset seeds it again")
        }
    }

    @Test("bad revocation bodies are 400 invalid_request and revoke nothing")
    func revokeBadInput() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let bad: [[String: JSONValue]] = [
                [:], ["user": ""], ["user": 7], ["user": "auth0|nobody"], ["user": "auth0|alice", "client": "nope"],
                ["user": "auth0|alice", "clients": "demo-web"], ["user": "auth0|alice", "client": .null],
            ]
            for body in bad {
                let response = try await HTTP.postJSON(fake.url("/__admin/refresh-tokens/revoke"), body)
                #expect(response.status == 400 && response.error == "invalid_request", "\(body)")
                #expect(response.json["error_description"]?.stringValue?.isEmpty == false)
            }
            #expect(try await refreshGrant(fake, "demo-alice-refresh-token").status == 200)
        }
    }

    @Test("a failing upstream refresh: the valid token is still handed out, once it expires invalid_grant")
    func upstreamRefreshFails() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let account = try ProviderTokens(fake: fake).account("google-oauth2")
            let base = "/__admin/vault/accounts/\(account.id)"
            let failing = try await HTTP.postJSON(fake.url(base + "/refresh-fails"), [:])
            #expect(failing.status == 200 && failing.json["refresh_fails"] == true)
            let still = try await VaultClient(fake: fake).exchange()
            #expect(still.status == 200 && still.json["access_token"] == .string(account.accessToken))

            #expect(try await HTTP.postJSON(fake.url(base + "/expire"), [:]).status == 200)
            let refused = try await VaultClient(fake: fake).exchange()
            #expect(refused.status == 403 && refused.error == "invalid_grant")
            #expect(refused.json["error_description"]?.stringValue?.contains("refresh") == true)
            let entry = try #require(fake.tenant.journal.entries(JournalQuery(event: "tokenvault.refused")).last)
            #expect(entry.details["error"] == "invalid_grant")
            #expect(try await VaultClient(fake: fake).exchange(connection: "github").status == 200)

            let repaired = try await HTTP.postJSON(fake.url(base + "/refresh-fails"), ["fails": false])
            #expect(repaired.status == 200 && repaired.json["refresh_fails"] == false)
            let refreshed = try await VaultClient(fake: fake).exchange()
            #expect(refreshed.status == 200 && refreshed.json["access_token"] != .string(account.accessToken))
        }
    }

    @Test("refresh-fails refuses bad bodies (400) and unknown accounts (404), changing nothing")
    func upstreamRefreshBadInput() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let account = try ProviderTokens(fake: fake).account("google-oauth2")
            let url = fake.url("/__admin/vault/accounts/\(account.id)/refresh-fails")
            for body: [String: JSONValue] in [["fails": "yes"], ["fails": 1], ["fail": true]] {
                let response = try await HTTP.postJSON(url, body)
                #expect(response.status == 400 && response.error == "invalid_request", "\(body)")
            }
            let missing = try await HTTP.postJSON(fake.url("/__admin/vault/accounts/cac_nope/refresh-fails"), [:])
            #expect(missing.status == 404)
            #expect(try fake.tenant.vault.account(account.id).refreshFails == false)
        }
    }

    @Test("a token clock skew moves iat, exp and nbf of access and ID tokens; bad values are refused")
    func tokenClockSkew() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            fake.clock.freeze()
            let now = fake.clock.nowSeconds()
            let skewed = try await HTTP.postJSON(fake.url("/__admin/tokens/skew"), ["seconds": -300])
            #expect(skewed.status == 200 && skewed.json == ["seconds": -300])
            let tokens = try await refreshGrant(fake, "demo-alice-refresh-token")
            let access = jwtParts(try #require(tokens.json["access_token"]?.stringValue)).payload
            let id = jwtParts(try #require(tokens.json["id_token"]?.stringValue)).payload
            for claims in [access, id] {
                #expect(claims["iat"] == .int(now - 300) && claims["nbf"] == .int(now - 300))
            }
            #expect(access["exp"] == .int(now - 300 + 86_400))
            #expect(try await HTTP.get(fake.url("/__admin/tokens/skew")).json == ["seconds": -300])

            let bad: [[String: JSONValue]] = [
                [:], ["seconds": .double(1.5)], ["seconds": "60"], ["seconds": 315_360_001],
                ["seconds": -315_360_001], ["seconds": 60, "extra": 1],
            ]
            for body in bad {
                let response = try await HTTP.postJSON(fake.url("/__admin/tokens/skew"), body)
                #expect(response.status == 400 && response.error == "invalid_request", "\(body)")
            }
            #expect(fake.tenant.tokenSkew.seconds == -300, "a refused change leaves the skew as it was")

            _ = try await HTTP.postJSON(fake.url("/__admin/tokens/skew"), ["seconds": 0])
            let plain = try await refreshGrant(fake, "demo-alice-refresh-token")
            let claims = jwtParts(try #require(plain.json["access_token"]?.stringValue)).payload
            #expect(claims["iat"] == .int(now) && claims["nbf"] == nil)

            try fake.tenant.tokenSkew.set(seconds: 120)
            try fake.tenant.reset()
            #expect(fake.tenant.tokenSkew.seconds == 0)
        }
    }
}
