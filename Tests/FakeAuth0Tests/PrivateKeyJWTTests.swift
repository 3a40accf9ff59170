import FakeAuth0
import FakeAuth0Testing
import Foundation
import JWTKit
import Testing

@Suite("private_key_jwt client authentication")
struct PrivateKeyJWTTests {
    /// Signs a client assertion the way auth0-python does: RS256, no kid, iss = sub = client id.
    static func assertion(
        key: String = TestKeys.clientPrivate, clientID: String = "jwt-m2m", audience: String, expiresIn: Int = 180,
        jti: String = UUID().uuidString
    ) async throws -> String {
        let keys = try await JWTKeyCollection().add(
            rsa: JWTKit.Insecure.RSA.PrivateKey(pem: key), digestAlgorithm: .sha256)
        let now = Int(Date().timeIntervalSince1970)
        let claims = ClaimSet([
            "iss": .string(clientID), "sub": .string(clientID), "aud": .string(audience), "iat": .int(now),
            "exp": .int(now + expiresIn), "jti": .string(jti),
        ])
        return try await keys.sign(claims)
    }

    static func form(_ assertion: String) -> [String: String] {
        [
            "grant_type": "client_credentials", "audience": TestScenario.apiAudience, "client_id": "jwt-m2m",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion,
        ]
    }

    @Test("a valid assertion authenticates; replaying its jti does not")
    func validAssertionThenReplay() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let jwt = try await Self.assertion(audience: fake.issuer)
            let first = try await HTTP.postForm(fake.url("/oauth/token"), Self.form(jwt))
            #expect(first.status == 200)
            #expect(jwtParts(try #require(first.json["access_token"]?.stringValue)).payload["sub"] == "jwt-m2m@clients")
            let replay = try await HTTP.postForm(fake.url("/oauth/token"), Self.form(jwt))
            #expect(replay.status == 401 && replay.error == "invalid_client")
        }
    }

    @Test("wrong key, wrong audience, expired assertion and wrong assertion type are refused")
    func refusedAssertions() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let wrongKey = try await Self.assertion(key: TestKeys.otherPrivate, audience: fake.issuer)
            let wrongAudience = try await Self.assertion(audience: "https://elsewhere.example/")
            let expired = try await Self.assertion(audience: fake.issuer, expiresIn: -10)
            for jwt in [wrongKey, wrongAudience, expired, "not.a.jwt"] {
                let response = try await HTTP.postForm(fake.url("/oauth/token"), Self.form(jwt))
                #expect(response.status == 401 && response.error == "invalid_client", "\(response.text)")
            }
            var wrongType = Self.form(try await Self.assertion(audience: fake.issuer))
            wrongType["client_assertion_type"] = "urn:example:other"
            let response = try await HTTP.postForm(fake.url("/oauth/token"), wrongType)
            #expect(response.status == 400 && response.error == "invalid_request")
        }
    }
}
