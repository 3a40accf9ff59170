import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

/// The MCP quickstart's tenant on top of the test scenario: an MCP server API with RBAC and the RFC 9068
/// authz dialect, two roles, open DCR, the resource compatibility profile, Custom Token Exchange profiles.
enum MCPScenario {
    static let mcp = "http://localhost:3001/"
    static let upstream = "http://localhost:8787/"
    static let callback = "http://127.0.0.1:6274/oauth/callback"
    static let serverClient = "mcp-server-client"
    static let serverSecret = "mcp-server-secret"
    static let mcpTokenType = "urn:fastmcp:mcp"

    static func make(configure: (inout Scenario) -> Void = { _ in }) throws -> Scenario {
        try TestScenario.make { scenario in
            scenario.tenant.dynamicClientRegistration = true
            scenario.tenant.resourceParameterProfile = .compatibility
            var api = APIConfig(audience: mcp, name: "MCP Tools API", scopes: ["tool:whoami", "tool:greet"])
            api.rbac = true
            api.tokenDialect = .rfc9068ProfileAuthz
            api.thirdPartyClients = true
            scenario.apis.append(api)
            scenario.roles = [
                RoleConfig(
                    name: "Tool Administrator", permissions: [.init(api: mcp, scopes: ["tool:whoami", "tool:greet"])]),
                RoleConfig(name: "Tool User", permissions: [.init(api: mcp, scopes: ["tool:whoami"])]),
            ]
            for index in scenario.users.indices {
                switch scenario.users[index].sub {
                case "auth0|alice": scenario.users[index].roles = ["Tool Administrator"]
                case "auth0|bob": scenario.users[index].roles = ["Tool User"]
                default: break
                }
            }
            scenario.clients.append(
                ClientConfig(
                    id: serverClient, secret: serverSecret, type: .resourceServer,
                    grants: [.tokenExchange, .refreshToken],
                    resourceServerIdentifier: mcp))
            scenario.tokenExchangeProfiles = [
                TokenExchangeProfileConfig(
                    name: "MCP on-behalf-of", subjectTokenType: mcpTokenType, onBehalfOf: .init(audience: mcp),
                    allowOfflineAccess: true),
                TokenExchangeProfileConfig(
                    subjectTokenType: "urn:acme:legacy", subjectTokens: ["legacy-alice": "auth0|alice"]),
                TokenExchangeProfileConfig(
                    subjectTokenType: "urn:acme:partner", deny: .init(message: "Partner tokens are not accepted")),
            ]
            scenario.login.autoLogin = "auth0|alice"
            configure(&scenario)
        }
    }
}

/// An MCP client as the SDKs drive the fake: DCR, `/authorize` with PKCE and `resource`, the token endpoint.
struct MCPClient {
    let fake: FakeTenant

    func register(_ changes: [String: JSONValue] = [:]) async throws -> HTTPResult {
        var body: [String: JSONValue] = [
            "client_name": "MCP Inspector", "redirect_uris": [.string(MCPScenario.callback)],
            "grant_types": ["authorization_code", "refresh_token"], "response_types": ["code"],
            "token_endpoint_auth_method": "none",
        ]
        for (key, value) in changes { body[key] = value }
        return try await HTTP.postJSON(fake.url("/oidc/register"), body)
    }

    /// A registered public client's id.
    func publicClient() async throws -> String {
        let registered = try await register()
        return try #require(registered.json["client_id"]?.stringValue, "\(registered.status) \(registered.text)")
    }

    /// `/authorize` (auto-login) with PKCE; `nil` values drop a parameter.
    func authorize(client: String, _ changes: [String: String?] = [:]) async throws -> HTTPResult {
        var query: [String: String?] = [
            "response_type": "code", "client_id": client, "redirect_uri": MCPScenario.callback,
            "scope": "tool:whoami tool:greet offline_access", "state": "st", "resource": MCPScenario.mcp,
            "code_challenge": LoginClient.challenge, "code_challenge_method": "S256",
        ]
        for (key, value) in changes { query[key] = value }
        let items = query.compactMap { key, value in value.map { URLQueryItem(name: key, value: $0) } }
        return try await Browser().get(fake.url("/authorize").appendingFormQuery(items))
    }

    /// The whole login for `client`: authorize, then redeem the code; returns the token response.
    func login(client: String, secret: String? = nil, _ changes: [String: String?] = [:]) async throws -> HTTPResult {
        let redirect = try await authorize(client: client, changes)
        let code = try #require(redirect.locationQuery["code"], "no code: \(redirect.status) \(redirect.locationQuery)")
        var form = [
            "grant_type": "authorization_code", "client_id": client, "code": code, "redirect_uri": MCPScenario.callback,
            "code_verifier": LoginClient.verifier, "resource": MCPScenario.mcp,
        ]
        form["client_secret"] = secret
        return try await HTTP.postForm(fake.url("/oauth/token"), form)
    }

    /// Alice's access token for the MCP server API.
    func mcpToken() async throws -> String {
        let tokens = try await login(client: try await publicClient())
        return try #require(tokens.json["access_token"]?.stringValue, "\(tokens.text)")
    }

    /// A Custom Token Exchange as auth0-api-python sends it (Basic auth).
    func exchange(
        _ subjectToken: String, type: String = MCPScenario.mcpTokenType, audience: String? = MCPScenario.upstream,
        scope: String? = "read:private", client: String = MCPScenario.serverClient,
        secret: String = MCPScenario.serverSecret
    ) async throws -> HTTPResult {
        var form = [
            "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token": subjectToken,
            "subject_token_type": type,
        ]
        form["audience"] = audience
        form["scope"] = scope
        return try await HTTP.postForm(fake.url("/oauth/token"), form, headers: HTTP.basic(client, secret))
    }
}

extension JSONValue {
    /// The elements of a JSON array.
    var listValue: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    /// The members of a JSON object.
    var dictValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }
}
