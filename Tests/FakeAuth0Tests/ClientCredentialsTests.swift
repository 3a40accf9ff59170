import FakeAuth0
import FakeAuth0Testing
import Foundation
import JWTKit
import Testing

@Suite("client_credentials over HTTP")
struct ClientCredentialsTests {
    static let form = [
        "grant_type": "client_credentials", "client_id": "demo-m2m", "client_secret": "demo-m2m-secret",
        "audience": TestScenario.apiAudience,
    ]

    @Test("client_secret_post issues an RS256 token that verifies against the published JWKS")
    func secretPostTokenVerifies() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let response = try await HTTP.postForm(fake.url("/oauth/token"), Self.form)
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.header("Cache-Control") == "no-store")
            let body = response.json
            #expect(body["token_type"] == "Bearer")
            #expect(body["expires_in"] == .int(86_400))
            #expect(body["scope"] == "read:data write:data")
            #expect(body["id_token"] == nil && body["refresh_token"] == nil)
            let token = try #require(body["access_token"]?.stringValue)

            let (header, payload) = jwtParts(token)
            #expect(header["alg"] == "RS256")
            #expect(payload["iss"] == .string(fake.issuer))
            #expect(payload["sub"] == "demo-m2m@clients")
            #expect(payload["aud"] == .string(TestScenario.apiAudience))
            #expect(payload["azp"] == "demo-m2m")
            #expect(payload["gty"] == "client-credentials")
            let iat = try #require(payload["iat"]?.intValue)
            #expect(payload["iat"] == .int(iat), "iat must be an integer")
            #expect(payload["exp"] == .int(iat + 86_400))

            let jwks = try await HTTP.get(fake.url("/.well-known/jwks.json")).text
            let verifier = try await JWTKeyCollection().add(jwksJSON: jwks)
            let verified = try await verifier.verify(token, as: ClaimSet.self)
            #expect(verified.subject == "demo-m2m@clients")
            #expect(jwks.contains(try #require(header["kid"]?.stringValue)))
        }
    }

    @Test("client_secret_basic, JSON bodies with null fields, and charset suffixes are all accepted")
    func otherEncodingsAndAuthStyles() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            var basicForm = Self.form
            basicForm["client_id"] = nil
            basicForm["client_secret"] = nil
            let basic = try await HTTP.postForm(
                fake.url("/oauth/token"), basicForm, headers: HTTP.basic("demo-m2m", "demo-m2m-secret"),
                contentType: "application/x-www-form-urlencoded;charset=UTF-8")
            #expect(basic.status == 200)

            let json = try await HTTP.postJSON(
                fake.url("/oauth/token"),
                [
                    "client_id": "demo-m2m", "client_secret": "demo-m2m-secret",
                    "audience": .string(TestScenario.apiAudience),
                    "grant_type": "client_credentials", "organization": .null, "scope": "",
                ])
            #expect(json.status == 200)
            #expect(json.json["scope"] == "read:data write:data")

            var narrow = Self.form
            narrow["scope"] = "read:data"
            let narrowed = try await HTTP.postForm(fake.url("/oauth/token"), narrow)
            #expect(narrowed.json["scope"] == "read:data")
        }
    }

    @Test("the tenant's default audience applies when the request names none")
    func defaultAudience() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            var form = Self.form
            form["audience"] = nil
            let response = try await HTTP.postForm(fake.url("/oauth/token"), form)
            #expect(response.status == 200)
            let token = try #require(response.json["access_token"]?.stringValue)
            #expect(jwtParts(token).payload["aud"] == .string(TestScenario.apiAudience))
        }
    }

    @Test(
        "bad requests get Auth0's error codes and statuses",
        arguments: [
            (["grant_type": nil], 400, "invalid_request"),
            (["grant_type": "password"], 400, "unsupported_grant_type"),
            (["client_secret": "wrong"], 401, "invalid_client"),
            (["client_id": "nobody"], 401, "invalid_client"),
            (["client_id": nil, "client_secret": nil], 400, "invalid_request"),
            (["audience": "https://unknown.example/"], 403, "access_denied"),
            (["scope": "read:data delete:everything"], 403, "access_denied"),
            (["client_id": "outsider-m2m", "client_secret": "outsider-secret"], 403, "access_denied"),
            (["client_id": "demo-spa", "client_secret": nil], 403, "unauthorized_client"),
            (["grant_type": "refresh_token"], 403, "unauthorized_client"),
        ] as [([String: String?], Int, String)])
    func errors(changes: [String: String?], status: Int, error: String) async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            var form = Self.form
            for (key, value) in changes { form[key] = value }
            let response = try await HTTP.postForm(fake.url("/oauth/token"), form)
            #expect(response.status == status)
            #expect(response.error == error)
            #expect(response.json["error_description"]?.stringValue?.isEmpty == false)
            #expect(response.header("Content-Type") == "application/json")
        }
    }

    @Test("no audience and no default audience is access_denied")
    func missingAudience() async throws {
        let scenario = try TestScenario.make { $0.tenant.defaultAudience = nil }
        try await withFakeTenant(scenario: scenario) { fake in
            var form = Self.form
            form["audience"] = nil
            let response = try await HTTP.postForm(fake.url("/oauth/token"), form)
            #expect(response.status == 403)
            #expect(response.error == "access_denied")
            #expect(
                response.json["error_description"]
                    == "No audience parameter was provided, and no default audience has been configured")
        }
    }

    @Test("malformed bodies are invalid_request, never a crash")
    func malformedBodies() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let notJSON = try await HTTP.send(
                "POST", fake.url("/oauth/token"), body: Data("{not json".utf8),
                headers: ["Content-Type": "application/json"])
            #expect(notJSON.status == 400 && notJSON.error == "invalid_request")
            let jsonArray = try await HTTP.send(
                "POST", fake.url("/oauth/token"), body: Data("[1,2]".utf8),
                headers: ["Content-Type": "application/json"])
            #expect(jsonArray.status == 400 && jsonArray.error == "invalid_request")
            let xml = try await HTTP.send(
                "POST", fake.url("/oauth/token"), body: Data("<a/>".utf8), headers: ["Content-Type": "text/xml"])
            #expect(xml.status == 400 && xml.error == "invalid_request")
            let twice = try await HTTP.send(
                "POST", fake.url("/oauth/token"),
                body: Data("grant_type=client_credentials&grant_type=refresh_token".utf8),
                headers: ["Content-Type": "application/x-www-form-urlencoded"])
            #expect(twice.status == 400 && twice.error == "invalid_request")
            let badBasic = try await HTTP.postForm(
                fake.url("/oauth/token"), ["grant_type": "client_credentials"], headers: ["Authorization": "Basic !!!"])
            #expect(badBasic.status == 401 && badBasic.error == "invalid_client")
            let mismatch = try await HTTP.postForm(
                fake.url("/oauth/token"), ["grant_type": "client_credentials", "client_id": "demo-web"],
                headers: HTTP.basic("demo-m2m", "demo-m2m-secret"))
            #expect(mismatch.status == 400 && mismatch.error == "invalid_request")
            let unknownPath = try await HTTP.get(fake.url("/no/such/endpoint"))
            #expect(unknownPath.status == 404 && unknownPath.error == "not_found")
        }
    }
}
