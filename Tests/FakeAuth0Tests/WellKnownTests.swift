import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

@Suite("discovery and JWKS over HTTP")
struct WellKnownTests {
    @Test("discovery names the https issuer and endpoint URLs in the request's scheme and host")
    func discoveryDocument() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            for path in ["/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"] {
                let response = try await HTTP.get(fake.url(path))
                #expect(response.status == 200)
                #expect(response.header("Content-Type") == "application/json")
                let doc = response.json
                #expect(doc["issuer"] == .string("https://127.0.0.1:\(fake.port)/"))
                #expect(doc["token_endpoint"] == .string("http://127.0.0.1:\(fake.port)/oauth/token"))
                #expect(doc["jwks_uri"] == .string("http://127.0.0.1:\(fake.port)/.well-known/jwks.json"))
                #expect(doc["userinfo_endpoint"] == .string("http://127.0.0.1:\(fake.port)/userinfo"))
                #expect(doc["end_session_endpoint"] == .string("http://127.0.0.1:\(fake.port)/oidc/logout"))
                #expect(
                    doc["backchannel_authentication_endpoint"] == .string("http://127.0.0.1:\(fake.port)/bc-authorize"))
                #expect(doc["id_token_signing_alg_values_supported"] == .array(["RS256"]))
                guard case .array(let grants)? = doc["grant_types_supported"] else {
                    Issue.record("no grants")
                    return
                }
                #expect(grants.contains(.string(GrantType.ciba.rawValue)))
                #expect(grants.contains(.string(GrantType.tokenVault.rawValue)))
                guard case .array(let methods)? = doc["token_endpoint_auth_methods_supported"] else { return }
                #expect(Set(methods) == ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"])
                #expect(doc["code_challenge_methods_supported"] == .array(["S256", "plain"]))
            }
        }
    }

    @Test("a fixed domain fixes the issuer whatever the Host")
    func fixedDomain() async throws {
        let scenario = try TestScenario.make { $0.tenant.domain = "tenant.example.test" }
        try await withFakeTenant(scenario: scenario) { fake in
            let doc = try await HTTP.get(fake.url("/.well-known/openid-configuration")).json
            #expect(doc["issuer"] == "https://tenant.example.test/")
            #expect(doc["token_endpoint"] == .string("http://127.0.0.1:\(fake.port)/oauth/token"))
            let token = try await HTTP.postForm(
                fake.url("/oauth/token"),
                ["grant_type": "client_credentials", "client_id": "demo-m2m", "client_secret": "demo-m2m-secret"]
            ).json["access_token"]?.stringValue
            #expect(jwtParts(try #require(token)).payload["iss"] == "https://tenant.example.test/")
        }
    }

    @Test("the JWKS has RSA signing keys only, each with kid, use, alg, n and e")
    func jwksShape() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let response = try await HTTP.get(fake.url("/.well-known/jwks.json"))
            #expect(response.status == 200)
            guard case .array(let keys)? = response.json["keys"] else {
                Issue.record("no keys")
                return
            }
            #expect(keys.count == 1)
            for case .object(let key) in keys {
                #expect(key["kty"] == "RSA")
                #expect(key["use"] == "sig")
                #expect(key["alg"] == "RS256")
                #expect(key["e"] == "AQAB")
                #expect((key["n"]?.stringValue?.count ?? 0) > 300)
                #expect(key["kid"]?.stringValue == fake.tenant.keys.activeKeyID)
            }
        }
    }
}
