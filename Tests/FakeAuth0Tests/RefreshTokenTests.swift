import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

@Suite("refresh_token grant over HTTP")
struct RefreshTokenTests {
    static func refresh(
        _ fake: FakeTenant, token: String, client: String = "demo-web", secret: String = "demo-web-secret",
        extra: [String: String] = [:]
    ) async throws -> HTTPResult {
        var form = [
            "grant_type": "refresh_token", "refresh_token": token, "client_id": client, "client_secret": secret,
        ]
        form.merge(extra) { _, new in new }
        return try await HTTP.postForm(fake.url("/oauth/token"), form)
    }

    @Test("a refresh returns access and ID tokens for the same scopes, without a new refresh token")
    func plainRefresh() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let response = try await Self.refresh(fake, token: "demo-alice-refresh-token")
            #expect(response.status == 200)
            let body = response.json
            #expect(body["scope"] == "openid profile email offline_access")
            #expect(body["refresh_token"] == nil)
            let access = jwtParts(try #require(body["access_token"]?.stringValue)).payload
            #expect(access["sub"] == "auth0|alice")
            #expect(access["aud"] == .string(fake.issuer + "userinfo"))
            let id = jwtParts(try #require(body["id_token"]?.stringValue)).payload
            #expect(id["aud"] == "demo-web")
            #expect(id["iss"] == .string(fake.issuer))
            #expect(id["name"] == "Alice Example")
            #expect(id["email"] == "alice@example.com")
            #expect(id["email_verified"] == .bool(true))
        }
    }

    @Test("MRRT: audience switches the API, scope narrows, an empty scope changes nothing")
    func multiResourceRefresh() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let other = try await Self.refresh(
                fake, token: "demo-alice-refresh-token", extra: ["audience": TestScenario.apiAudience])
            #expect(other.status == 200)
            #expect(other.json["scope"] == "openid profile email offline_access read:data write:data")
            let payload = jwtParts(try #require(other.json["access_token"]?.stringValue)).payload
            #expect(payload["aud"] == .array([.string(TestScenario.apiAudience), .string(fake.issuer + "userinfo")]))

            let narrowed = try await Self.refresh(
                fake, token: "demo-alice-refresh-token",
                extra: ["audience": TestScenario.apiAudience, "scope": "openid read:data admin"])
            #expect(narrowed.json["scope"] == "openid read:data")

            let unchanged = try await HTTP.postJSON(
                fake.url("/oauth/token"),
                [
                    "grant_type": "refresh_token", "refresh_token": "api-rt", "client_id": "demo-web",
                    "client_secret": "demo-web-secret", "scope": "",
                ])
            #expect(unchanged.json["scope"] == "openid email offline_access read:data")

            let unknown = try await Self.refresh(
                fake, token: "demo-alice-refresh-token", extra: ["audience": "https://nope.example/"])
            #expect(unknown.status == 403 && unknown.error == "access_denied")
        }
    }

    @Test("unknown, foreign, missing and expired refresh tokens are invalid_grant")
    func invalidTokens() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let unknown = try await Self.refresh(fake, token: "no-such-token")
            #expect(unknown.status == 403 && unknown.error == "invalid_grant")
            #expect(unknown.json["error_description"] == "Unknown or invalid refresh token.")
            let foreign = try await Self.refresh(fake, token: "rotating-rt")
            #expect(foreign.error == "invalid_grant")
            let missing = try await HTTP.postForm(
                fake.url("/oauth/token"),
                ["grant_type": "refresh_token", "client_id": "demo-web", "client_secret": "demo-web-secret"])
            #expect(missing.status == 400 && missing.error == "invalid_request")

            fake.clock.advance(by: 2_592_000 + 1)
            let expired = try await Self.refresh(fake, token: "demo-alice-refresh-token")
            #expect(expired.error == "invalid_grant")
        }
    }

    @Test("rotation issues a new refresh token; reusing the old one revokes the whole family")
    func rotationWithReuseDetection() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let first = try await Self.refresh(
                fake, token: "rotating-rt", client: "rotating-web", secret: "rotating-secret")
            #expect(first.status == 200)
            let second = try #require(first.json["refresh_token"]?.stringValue)
            #expect(second != "rotating-rt")

            let reuse = try await Self.refresh(
                fake, token: "rotating-rt", client: "rotating-web", secret: "rotating-secret")
            #expect(reuse.status == 403 && reuse.error == "invalid_grant")
            let afterReuse = try await Self.refresh(
                fake, token: second, client: "rotating-web", secret: "rotating-secret")
            #expect(afterReuse.error == "invalid_grant", "the reuse must revoke the rotated token too")
        }
    }
}
