import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

@Suite("Auth for MCP: discovery and Dynamic Client Registration")
struct DynamicClientRegistrationTests {
    @Test("both discovery documents advertise exactly what is served")
    func discoveryTellsTheTruth() async throws {
        try await withFakeTenant(scenario: MCPScenario.make()) { fake in
            for path in ["/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"] {
                let document = try await HTTP.get(fake.url(path)).json
                #expect(document["registration_endpoint"]?.stringValue == fake.url("/oidc/register").absoluteString)
                #expect(document["revocation_endpoint"]?.stringValue == fake.url("/oauth/revoke").absoluteString)
                #expect(document["device_authorization_endpoint"] == nil && document["mfa_challenge_endpoint"] == nil)
                #expect(document["code_challenge_methods_supported"] == ["S256", "plain"])
                let grants = document["grant_types_supported"]?.listValue?.compactMap(\.stringValue) ?? []
                #expect(grants.contains("urn:ietf:params:oauth:grant-type:token-exchange"))
            }
        }
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let document = try await HTTP.get(fake.url("/.well-known/oauth-authorization-server")).json
            #expect(document["registration_endpoint"] == nil)
            let refused = try await MCPClient(fake: fake).register()
            #expect(refused.status == 403 && refused.error == "access_denied")
        }
    }

    @Test("a public client registers (201, metadata echoed) and logs in with PKCE alone; the control API lists it")
    func publicRegistration() async throws {
        try await withFakeTenant(scenario: MCPScenario.make()) { fake in
            fake.clock.freeze()
            let client = MCPClient(fake: fake)
            let registered = try await client.register()
            #expect(registered.status == 201)
            let body = registered.json
            let id = try #require(body["client_id"]?.stringValue)
            #expect(body["client_secret"] == nil && body["token_endpoint_auth_method"] == "none")
            #expect(body["redirect_uris"] == [.string(MCPScenario.callback)])
            #expect(
                body["grant_types"] == ["authorization_code", "refresh_token"] && body["response_types"] == ["code"])
            #expect(body["client_id_issued_at"]?.intValue == fake.clock.nowSeconds())
            #expect(body["client_name"] == "MCP Inspector")

            let tokens = try await client.login(client: id)
            #expect(tokens.status == 200, "\(tokens.text)")
            #expect(tokens.json["refresh_token"] != nil)

            let listed = try await HTTP.get(fake.url("/__admin/clients")).json["clients"]?.listValue ?? []
            let entry = listed.compactMap(\.dictValue).first { $0["client_id"]?.stringValue == id }
            #expect(entry?["dynamically_registered"] == true && entry?["is_first_party"] == false)
            let scenarioClients = try MCPScenario.make().clients.count
            #expect(listed.count == scenarioClients + 1)
        }
    }

    @Test("a confidential client gets a secret and must present it")
    func confidentialRegistration() async throws {
        try await withFakeTenant(scenario: MCPScenario.make()) { fake in
            let client = MCPClient(fake: fake)
            let registered = try await client.register(["token_endpoint_auth_method": "client_secret_post"])
            #expect(registered.status == 201)
            let id = try #require(registered.json["client_id"]?.stringValue)
            let secret = try #require(registered.json["client_secret"]?.stringValue)
            #expect(registered.json["client_secret_expires_at"] == 0)
            let withoutSecret = try await client.login(client: id)
            #expect(withoutSecret.status == 401 && withoutSecret.error == "invalid_client")
            let withSecret = try await client.login(client: id, secret: secret)
            #expect(withSecret.status == 200, "\(withSecret.text)")
        }
    }

    @Test(
        "bad metadata is refused with RFC 7591 errors and nothing is stored",
        arguments: [
            (["redirect_uris": ["not a uri"]], "invalid_redirect_uri"),
            (["redirect_uris": ["https://app.example/cb#fragment"]], "invalid_redirect_uri"),
            (["redirect_uris": ["https:///no-host"]], "invalid_redirect_uri"),
            (["redirect_uris": []], "invalid_redirect_uri"),
            (["redirect_uris": [42]], "invalid_redirect_uri"),
            (["redirect_uris": "https://app.example/cb"], "invalid_redirect_uri"),
            (["token_endpoint_auth_method": "private_key_jwt"], "invalid_client_metadata"),
            (["grant_types": ["client_credentials"]], "invalid_client_metadata"),
            (["grant_types": "authorization_code"], "invalid_client_metadata"),
            (["response_types": ["token"]], "invalid_client_metadata"),
            (["client_name": ""], "invalid_client_metadata"),
            (["client_name": .string(String(repeating: "x", count: 300))], "invalid_client_metadata"),
            (["client_name": ["a"]], "invalid_client_metadata"),
        ] as [([String: JSONValue], String)])
    func badMetadata(changes: [String: JSONValue], error: String) async throws {
        try await withFakeTenant(scenario: MCPScenario.make()) { fake in
            let refused = try await MCPClient(fake: fake).register(changes)
            #expect(refused.status == 400 && refused.error == error, "\(refused.text)")
            #expect(refused.json["error_description"]?.stringValue?.isEmpty == false)
            let listed = try await HTTP.get(fake.url("/__admin/clients")).json["clients"]?.listValue ?? []
            #expect(!listed.contains { $0.dictValue?["dynamically_registered"] == true })
        }
    }

    @Test("non-JSON and oversized bodies are refused")
    func badBodies() async throws {
        try await withFakeTenant(scenario: MCPScenario.make()) { fake in
            let form = try await HTTP.postForm(fake.url("/oidc/register"), ["client_name": "x"])
            #expect(form.status == 400 && form.error == "invalid_client_metadata")
            let broken = try await HTTP.send(
                "POST", fake.url("/oidc/register"), body: Data("{\"client_name\":".utf8),
                headers: ["Content-Type": "application/json"])
            #expect(broken.status == 400 && broken.error == "invalid_client_metadata")
            let array = try await HTTP.send(
                "POST", fake.url("/oidc/register"), body: Data("[1,2]".utf8),
                headers: ["Content-Type": "application/json"])
            #expect(array.status == 400 && array.error == "invalid_client_metadata")
            let huge = try await HTTP.send(
                "POST", fake.url("/oidc/register"), body: Data(repeating: UInt8(ascii: " "), count: 2 << 20),
                headers: ["Content-Type": "application/json"])
            #expect(huge.status == 413 && huge.error == "invalid_request")
        }
    }

    @Test("registered clients survive a restart with the same state")
    func persistence() async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "fake-auth0-dcr-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let scenario = try MCPScenario.make()
        let id = try await withFakeTenant(scenario: scenario, store: StateStore.onDisk(directory: directory)) { fake in
            try await MCPClient(fake: fake).publicClient()
        }
        try await withFakeTenant(scenario: scenario, store: StateStore.onDisk(directory: directory)) { fake in
            let tokens = try await MCPClient(fake: fake).login(client: id)
            #expect(tokens.status == 200, "\(tokens.text)")
        }
    }

    @Test("third-party clients only get tokens for APIs that allow them")
    func thirdPartyAccess() async throws {
        try await withFakeTenant(scenario: MCPScenario.make()) { fake in
            let client = MCPClient(fake: fake)
            let id = try await client.publicClient()
            let refused = try await client.authorize(client: id, ["resource": TestScenario.apiAudience])
            #expect(refused.locationQuery["error"] == "access_denied", "\(refused.locationQuery)")
            #expect(refused.locationQuery["state"] == "st")
        }
    }
}

@Suite("Auth for MCP: the resource parameter")
struct ResourceParameterTests {
    @Test("resource names the API of the token; audience wins when both are given")
    func resourceSetsAudience() async throws {
        try await withFakeTenant(scenario: MCPScenario.make()) { fake in
            let client = MCPClient(fake: fake)
            let id = try await client.publicClient()
            let tokens = try await client.login(client: id)
            let access = try #require(tokens.json["access_token"]?.stringValue)
            #expect(jwtParts(access).payload["aud"]?.stringValue == MCPScenario.mcp)

            let web = try await client.authorize(
                client: "demo-web",
                ["redirect_uri": LoginClient.callback, "audience": TestScenario.apiAudience, "scope": "read:data"])
            let code = try #require(web.locationQuery["code"])
            let redeemed = try await LoginClient(fake: fake).redeem(code)
            let aud = jwtParts(try #require(redeemed.json["access_token"]?.stringValue)).payload["aud"]
            #expect(aud?.stringValue == TestScenario.apiAudience)
        }
    }

    @Test("a relative resource is invalid_request, an unknown one invalid_target")
    func badResources() async throws {
        try await withFakeTenant(scenario: MCPScenario.make()) { fake in
            let client = MCPClient(fake: fake)
            let id = try await client.publicClient()
            let relative = try await client.authorize(client: id, ["resource": "/mcp"])
            #expect(relative.locationQuery["error"] == "invalid_request")
            let unknown = try await client.authorize(client: id, ["resource": "https://unknown.example/"])
            #expect(unknown.locationQuery["error"] == "invalid_target")
        }
    }

    @Test("without the compatibility profile resource is ignored")
    func profileOff() async throws {
        try await withFakeTenant(scenario: MCPScenario.make { $0.tenant.resourceParameterProfile = .audience }) {
            fake in
            let client = MCPClient(fake: fake)
            let tokens = try await client.login(client: try await client.publicClient(), ["resource": "/relative"])
            let access = try #require(tokens.json["access_token"]?.stringValue)
            #expect(jwtParts(access).payload["aud"]?.stringValue == "\(fake.issuer)userinfo")
        }
    }

    @Test("the refresh-token grant and CIBA accept resource")
    func refreshAndCIBA() async throws {
        try await withFakeTenant(scenario: MCPScenario.make()) { fake in
            let refreshed = try await HTTP.postForm(
                fake.url("/oauth/token"),
                [
                    "grant_type": "refresh_token", "refresh_token": "demo-alice-refresh-token", "client_id": "demo-web",
                    "client_secret": "demo-web-secret", "resource": MCPScenario.mcp,
                ])
            #expect(refreshed.status == 200, "\(refreshed.text)")
            let access = try #require(refreshed.json["access_token"]?.stringValue)
            #expect(jwtParts(access).payload["aud"] == [.string(MCPScenario.mcp), .string("\(fake.issuer)userinfo")])
            let badRefresh = try await HTTP.postForm(
                fake.url("/oauth/token"),
                [
                    "grant_type": "refresh_token", "refresh_token": "demo-alice-refresh-token", "client_id": "demo-web",
                    "client_secret": "demo-web-secret", "resource": "relative/path",
                ])
            #expect(badRefresh.status == 400 && badRefresh.error == "invalid_request")

            let started = try await HTTP.postForm(
                fake.url("/bc-authorize"),
                [
                    "client_id": "demo-web", "client_secret": "demo-web-secret", "scope": "openid tool:whoami",
                    "login_hint": #"{"format":"iss_sub","iss":"\#(fake.issuer)","sub":"auth0|alice"}"#,
                    "binding_message": "MCP-1", "resource": MCPScenario.mcp,
                ])
            #expect(started.status == 200, "\(started.text)")
            let id = try #require(started.json["auth_req_id"]?.stringValue)
            let poll = ["grant_type": "urn:openid:params:grant-type:ciba", "auth_req_id": id]
            let credentials = HTTP.basic("demo-web", "demo-web-secret")
            _ = try await HTTP.postForm(fake.url("/oauth/token"), poll, headers: credentials)
            fake.clock.advance(by: 5)
            let approved = try await HTTP.postForm(fake.url("/oauth/token"), poll, headers: credentials)
            #expect(approved.status == 200, "\(approved.text)")
            let ciba = try #require(approved.json["access_token"]?.stringValue)
            #expect(jwtParts(ciba).payload["aud"] == [.string(MCPScenario.mcp), .string("\(fake.issuer)userinfo")])
        }
    }
}

@Suite("Auth for MCP: RBAC and token dialects")
struct RBACTests {
    @Test("scopes are limited to the user's permissions; permissions, typ at+jwt and client_id in the token")
    func rbacDialect() async throws {
        try await withFakeTenant(scenario: MCPScenario.make { $0.login.autoLogin = "auth0|bob" }) { fake in
            let client = MCPClient(fake: fake)
            let id = try await client.publicClient()
            let tokens = try await client.login(client: id)
            #expect(tokens.json["scope"] == "tool:whoami offline_access")
            let (header, payload) = jwtParts(try #require(tokens.json["access_token"]?.stringValue))
            #expect(header["typ"] == "at+jwt")
            #expect(payload["permissions"] == ["tool:whoami"] && payload["scope"] == "tool:whoami offline_access")
            #expect(payload["client_id"]?.stringValue == id && payload["azp"] == nil && payload["jti"] != nil)
        }
        try await withFakeTenant(scenario: MCPScenario.make()) { fake in
            let client = MCPClient(fake: fake)
            let tokens = try await client.login(client: try await client.publicClient(), ["scope": "tool:whoami"])
            let payload = jwtParts(try #require(tokens.json["access_token"]?.stringValue)).payload
            #expect(payload["scope"] == "tool:whoami" && payload["permissions"] == ["tool:whoami", "tool:greet"])
        }
    }

    @Test("the plain access_token dialect has neither permissions nor typ at+jwt; access_token_authz has permissions")
    func dialects() async throws {
        for dialect in [TokenDialect.accessToken, .accessTokenAuthz, .rfc9068Profile] {
            let scenario = try MCPScenario.make { scenario in
                scenario.apis[scenario.apis.count - 1].tokenDialect = dialect
            }
            try await withFakeTenant(scenario: scenario) { fake in
                let client = MCPClient(fake: fake)
                let tokens = try await client.login(client: try await client.publicClient())
                let (header, payload) = jwtParts(try #require(tokens.json["access_token"]?.stringValue))
                #expect((header["typ"] == "at+jwt") == dialect.isRFC9068)
                #expect((payload["permissions"] != nil) == dialect.includesPermissions)
                #expect((payload["azp"] != nil) == !dialect.isRFC9068)
            }
        }
    }

    @Test("machine tokens of an authz API carry their granted scopes as permissions")
    func machinePermissions() async throws {
        let scenario = try MCPScenario.make { scenario in
            scenario.apis[0].tokenDialect = .accessTokenAuthz
            scenario.apis[0].rbac = true
        }
        try await withFakeTenant(scenario: scenario) { fake in
            let tokens = try await HTTP.postForm(
                fake.url("/oauth/token"),
                [
                    "grant_type": "client_credentials", "client_id": "demo-m2m", "client_secret": "demo-m2m-secret",
                    "audience": TestScenario.apiAudience, "scope": "read:data",
                ])
            let payload = jwtParts(try #require(tokens.json["access_token"]?.stringValue)).payload
            #expect(payload["permissions"] == ["read:data"])
        }
    }
}

@Suite("Auth for MCP: Custom Token Exchange")
struct CustomTokenExchangeTests {
    @Test("on behalf of: the MCP token becomes the same user's token for the upstream API, with a refresh token")
    func onBehalfOf() async throws {
        try await withFakeTenant(scenario: MCPScenario.make()) { fake in
            let client = MCPClient(fake: fake)
            let subject = try await client.mcpToken()
            let exchanged = try await client.exchange(subject, scope: "openid offline_access read:private")
            #expect(exchanged.status == 200, "\(exchanged.text)")
            #expect(exchanged.json["issued_token_type"] == "urn:ietf:params:oauth:token-type:access_token")
            #expect(exchanged.json["scope"] == "openid offline_access read:private")
            #expect(exchanged.json["id_token"] != nil)
            let refresh = try #require(exchanged.json["refresh_token"]?.stringValue)
            let payload = jwtParts(try #require(exchanged.json["access_token"]?.stringValue)).payload
            #expect(payload["sub"] == "auth0|alice" && payload["azp"] == .string(MCPScenario.serverClient))
            #expect(payload["aud"] == [.string(MCPScenario.upstream), .string("\(fake.issuer)userinfo")])
            let refreshed = try await HTTP.postForm(
                fake.url("/oauth/token"), ["grant_type": "refresh_token", "refresh_token": refresh],
                headers: HTTP.basic(MCPScenario.serverClient, MCPScenario.serverSecret))
            #expect(refreshed.status == 200, "\(refreshed.text)")

            let plain = try await client.exchange(subject)
            #expect(plain.json["refresh_token"] == nil && plain.json["scope"] == "read:private")
        }
    }

    @Test("without allow_offline_access no refresh token is issued")
    func noOfflineAccess() async throws {
        let scenario = try MCPScenario.make { $0.tokenExchangeProfiles[0].allowOfflineAccess = false }
        try await withFakeTenant(scenario: scenario) { fake in
            let client = MCPClient(fake: fake)
            let exchanged = try await client.exchange(try await client.mcpToken(), scope: "offline_access read:private")
            #expect(exchanged.status == 200 && exchanged.json["refresh_token"] == nil)
            #expect(exchanged.json["scope"] == "read:private")
        }
    }

    @Test("opaque subject tokens map to users; a denied profile answers the Action's error")
    func tableAndDeny() async throws {
        try await withFakeTenant(scenario: MCPScenario.make()) { fake in
            let client = MCPClient(fake: fake)
            let mapped = try await client.exchange("legacy-alice", type: "urn:acme:legacy")
            #expect(mapped.status == 200)
            #expect(jwtParts(mapped.json["access_token"]?.stringValue ?? "").payload["sub"] == "auth0|alice")
            let unknown = try await client.exchange("legacy-mallory", type: "urn:acme:legacy")
            #expect(unknown.status == 400 && unknown.error == "invalid_request")
            let denied = try await client.exchange("anything", type: "urn:acme:partner")
            #expect(denied.status == 403 && denied.error == "access_denied")
            #expect(denied.json["error_description"] == "Partner tokens are not accepted")
        }
    }

    @Test(
        "unknown and reserved subject token types are invalid_request",
        arguments: [
            "urn:acme:unknown", "urn:ietf:params:oauth:token-type:jwt", "urn:auth0:x", "urn:okta:x",
            "https://auth0.com/x",
        ])
    func unknownTypes(type: String) async throws {
        try await withFakeTenant(scenario: MCPScenario.make()) { fake in
            let refused = try await MCPClient(fake: fake).exchange("t", type: type)
            #expect(refused.status == 400 && refused.error == "invalid_request", "\(refused.text)")
        }
    }

    @Test("bad subject tokens: garbage, another API's, expired, another tenant's")
    func badSubjectTokens() async throws {
        let foreign = try await withFakeTenant(
            scenario: MCPScenario.make(configure: { $0.tenant.signingKey = TestKeys.otherPrivate })
        ) {
            fake in try await MCPClient(fake: fake).mcpToken()
        }
        try await withFakeTenant(scenario: MCPScenario.make()) { fake in
            let client = MCPClient(fake: fake)
            let subject = try await client.mcpToken()
            let upstream = try #require(try await client.exchange(subject).json["access_token"]?.stringValue)
            for bad in ["garbage", foreign, upstream] {
                let refused = try await client.exchange(bad)
                #expect(refused.status == 400 && refused.error == "invalid_request", "\(refused.text)")
            }
            fake.clock.advance(by: 86_400 * 2)
            let expired = try await client.exchange(subject)
            #expect(expired.status == 400 && expired.error == "invalid_request")
        }
    }

    @Test("missing fields, unknown audiences and clients without the grant are refused")
    func refusedRequests() async throws {
        try await withFakeTenant(scenario: MCPScenario.make()) { fake in
            let client = MCPClient(fake: fake)
            let subject = try await client.mcpToken()
            let noType = try await HTTP.postForm(
                fake.url("/oauth/token"),
                ["grant_type": "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token": subject],
                headers: HTTP.basic(MCPScenario.serverClient, MCPScenario.serverSecret))
            #expect(noType.status == 400 && noType.error == "invalid_request")
            let noToken = try await HTTP.postForm(
                fake.url("/oauth/token"),
                [
                    "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
                    "subject_token_type": MCPScenario.mcpTokenType,
                ], headers: HTTP.basic(MCPScenario.serverClient, MCPScenario.serverSecret))
            #expect(noToken.status == 400 && noToken.error == "invalid_request")
            let audience = try await client.exchange(subject, audience: "https://nowhere.example/")
            #expect(audience.status == 403 && audience.error == "access_denied")
            let other = try await client.exchange(subject, client: "demo-m2m", secret: "demo-m2m-secret")
            #expect(other.status == 403 && other.error == "unauthorized_client")
            let badSecret = try await client.exchange(subject, secret: "wrong")
            #expect(badSecret.status == 401 && badSecret.error == "invalid_client")
        }
    }
}

@Suite("Auth for MCP: refresh-token revocation")
struct RevocationTests {
    @Test("a revoked refresh token (and its grant) stops working; unknown tokens are 200")
    func revoke() async throws {
        try await withFakeTenant(scenario: MCPScenario.make()) { fake in
            let client = MCPClient(fake: fake)
            let id = try await client.publicClient()
            let first = try #require(try await client.login(client: id).json["refresh_token"]?.stringValue)
            let second = try #require(try await client.login(client: id).json["refresh_token"]?.stringValue)
            let revoked = try await HTTP.postJSON(
                fake.url("/oauth/revoke"), ["client_id": .string(id), "token": .string(first)])
            #expect(revoked.status == 200 && revoked.body.isEmpty)
            for token in [first, second] {
                let refused = try await HTTP.postForm(
                    fake.url("/oauth/token"), ["grant_type": "refresh_token", "client_id": id, "refresh_token": token])
                #expect(refused.status == 403 && refused.error == "invalid_grant")
            }
            let unknown = try await HTTP.postForm(fake.url("/oauth/revoke"), ["client_id": id, "token": "v1.nope"])
            #expect(unknown.status == 200)
        }
    }

    @Test("revocation needs client authentication, a token, and the token's own client")
    func refused() async throws {
        try await withFakeTenant(scenario: MCPScenario.make()) { fake in
            let noToken = try await HTTP.postForm(
                fake.url("/oauth/revoke"), ["client_id": "demo-web", "client_secret": "demo-web-secret"])
            #expect(noToken.status == 400 && noToken.error == "invalid_request")
            let badSecret = try await HTTP.postForm(
                fake.url("/oauth/revoke"),
                ["client_id": "demo-web", "client_secret": "wrong", "token": "demo-alice-refresh-token"])
            #expect(badSecret.status == 401 && badSecret.error == "invalid_client")
            let otherClient = try await HTTP.postForm(
                fake.url("/oauth/revoke"),
                ["client_id": "rotating-web", "client_secret": "rotating-secret", "token": "demo-alice-refresh-token"])
            #expect(otherClient.status == 400 && otherClient.error == "invalid_request")
            let stillWorks = try await HTTP.postForm(
                fake.url("/oauth/token"),
                [
                    "grant_type": "refresh_token", "refresh_token": "demo-alice-refresh-token", "client_id": "demo-web",
                    "client_secret": "demo-web-secret",
                ])
            #expect(stillWorks.status == 200)
        }
    }
}
