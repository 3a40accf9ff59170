import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

@Suite("/userinfo over HTTP")
struct UserInfoTests {
    static func userToken(_ fake: FakeTenant, refreshToken: String = "demo-alice-refresh-token", scope: String? = nil)
        async throws -> String
    {
        var form = [
            "grant_type": "refresh_token", "refresh_token": refreshToken, "client_id": "demo-web",
            "client_secret": "demo-web-secret",
        ]
        form["scope"] = scope
        let response = try await HTTP.postForm(fake.url("/oauth/token"), form)
        return try #require(response.json["access_token"]?.stringValue)
    }

    @Test("GET and POST return the claims the token's scopes allow")
    func claimsByScope() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await Self.userToken(fake)
            let get = try await HTTP.get(
                fake.url("/userinfo"),
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"])
            #expect(get.status == 200)
            #expect(get.json["sub"] == "auth0|alice")
            #expect(get.json["name"] == "Alice Example")
            #expect(get.json["nickname"] == "alice")
            #expect(get.json["email"] == "alice@example.com")
            #expect(get.json["email_verified"] == .bool(true))

            let post = try await HTTP.postForm(fake.url("/userinfo"), ["access_token": token])
            #expect(post.status == 200 && post.json["sub"] == "auth0|alice")

            let openidOnly = try await Self.userToken(fake, scope: "openid")
            let minimal = try await HTTP.get(fake.url("/userinfo"), headers: ["Authorization": "Bearer \(openidOnly)"])
            #expect(minimal.json == ["sub": "auth0|alice"])
        }
    }

    @Test("missing, machine, tampered, expired and foreign-issuer tokens get 401 with WWW-Authenticate")
    func refusedTokens() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let missing = try await HTTP.get(fake.url("/userinfo"))
            #expect(missing.status == 401)
            #expect(missing.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)

            let m2m = try await HTTP.postForm(
                fake.url("/oauth/token"),
                ["grant_type": "client_credentials", "client_id": "demo-m2m", "client_secret": "demo-m2m-secret"])
            let machineToken = try #require(m2m.json["access_token"]?.stringValue)
            let token = try await Self.userToken(fake)
            let tampered = String(token.dropLast(3)) + (token.hasSuffix("AAA") ? "BBB" : "AAA")

            for bad in [machineToken, tampered, "garbage"] {
                let response = try await HTTP.get(fake.url("/userinfo"), headers: ["Authorization": "Bearer \(bad)"])
                #expect(response.status == 401)
                #expect(response.header("WWW-Authenticate")?.contains(#"error="invalid_token""#) == true)
                #expect(response.error == "invalid_token")
            }

            // The same server reached as "localhost" is another issuer.
            let foreign = try await HTTP.get(
                URL(string: "http://localhost:\(fake.port)/userinfo")!, headers: ["Authorization": "Bearer \(token)"])
            #expect(foreign.status == 401)

            fake.clock.advance(by: 86_401)
            let expired = try await HTTP.get(fake.url("/userinfo"), headers: ["Authorization": "Bearer \(token)"])
            #expect(expired.status == 401)
            #expect(expired.json["error_description"] == "The access token has expired")
        }
    }
}
