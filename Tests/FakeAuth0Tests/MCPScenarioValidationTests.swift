import FakeAuth0
import Foundation
import Testing

@Suite("scenario files: roles, RBAC, DCR and token exchange profiles")
struct MCPScenarioValidationTests {
    static let base = """
        tenant: { name: t, dynamic_client_registration: true, resource_parameter_profile: compatibility }
        clients:
          - { id: mcp, type: resource_server, secret: s, grants: [token_exchange], resource_server_identifier: "https://mcp/" }
        apis:
          - { audience: "https://mcp/", scopes: [tool:a, tool:b], rbac: true, token_dialect: rfc9068_profile_authz, third_party_clients: true }
        roles:
          - { name: admin, permissions: [{ api: "https://mcp/", scopes: [tool:a, tool:b] }] }
        users:
          - { sub: auth0|a, roles: [admin] }
        token_exchange_profiles:
          - { subject_token_type: "urn:acme:mcp", on_behalf_of: { audience: "https://mcp/" }, allow_offline_access: true }
          - { subject_token_type: "urn:acme:legacy", subject_tokens: { t1: auth0|a } }
          - { subject_token_type: "https://acme.example/partner", deny: { message: no } }

        """

    static func problems(_ yaml: String) -> [String] {
        do {
            _ = try ScenarioLoader.load(yaml: yaml, file: "bad.yaml")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test("the MCP sections load, and the bundled MCP example scenario too")
    func valid() throws {
        #expect(Self.problems(Self.base).isEmpty)
        let scenario = try ScenarioLoader.load(yaml: Self.base, file: "ok.yaml")
        #expect(scenario.tenant.dynamicClientRegistration && scenario.tenant.resourceParameterProfile == .compatibility)
        #expect(scenario.apis[0].tokenDialect == .rfc9068ProfileAuthz && scenario.apis[0].rbac)
        #expect(scenario.users[0].roles == ["admin"] && scenario.tokenExchangeProfiles.count == 3)
        #expect(Self.problems("tenant: { name: t }").isEmpty)
        #expect(
            try ScenarioLoader.load(yaml: "tenant: { name: t }", file: "x").tenant.dynamicClientRegistration == false)
    }

    @Test(
        "each fault is refused with file, path and reason",
        arguments: [
            ("tenant: { resource_parameter_profile: sometimes }", "bad.yaml:tenant.resource_parameter_profile:"),
            ("tenant: { dynamic_client_registration: maybe }", "bad.yaml:tenant.dynamic_client_registration:"),
            (
                "apis:\n  - { audience: a, token_dialect: jwt }",
                "bad.yaml:apis[0].token_dialect: unknown token dialect 'jwt'"
            ),
            (
                "roles:\n  - { name: r, permissions: [{ api: ghost, scopes: [x] }] }",
                "bad.yaml:roles[0].permissions[0].api: no API has the audience 'ghost'"
            ),
            (
                "apis:\n  - { audience: a, scopes: [x] }\nroles:\n  - { name: r, permissions: [{ api: a, scopes: [y] }] }",
                "bad.yaml:roles[0].permissions[0].scopes[0]: the API 'a' defines no scope 'y'"
            ),
            ("roles:\n  - { name: r }\n  - { name: r }", "bad.yaml:roles[1].name: duplicate role 'r'"),
            ("roles:\n  - { name: r, colour: red }", "bad.yaml:roles[0].colour: unknown key 'colour'"),
            ("users:\n  - { sub: u, roles: [ghost] }", "bad.yaml:users[0].roles[0]: no role is named 'ghost'"),
            (
                "token_exchange_profiles:\n  - { subject_token_type: \"urn:ietf:params:oauth:token-type:jwt\", deny: { message: m } }",
                "bad.yaml:token_exchange_profiles[0].subject_token_type: 'urn:ietf:params:oauth:token-type:jwt' is in a reserved namespace"
            ),
            (
                "token_exchange_profiles:\n  - { subject_token_type: \"urn:auth0:x\", deny: { message: m } }",
                "bad.yaml:token_exchange_profiles[0].subject_token_type: 'urn:auth0:x' is in a reserved namespace"
            ),
            (
                "token_exchange_profiles:\n  - { subject_token_type: \"urn:okta:x\", deny: { message: m } }",
                "bad.yaml:token_exchange_profiles[0].subject_token_type: 'urn:okta:x' is in a reserved namespace"
            ),
            (
                "token_exchange_profiles:\n  - { subject_token_type: plain, deny: { message: m } }",
                "bad.yaml:token_exchange_profiles[0].subject_token_type: 'plain' must be a URN or an absolute URI"
            ),
            (
                "token_exchange_profiles:\n  - { subject_token_type: \"urn:a:b\" }",
                "bad.yaml:token_exchange_profiles[0]: needs exactly one of on_behalf_of, subject_tokens, deny"
            ),
            (
                "token_exchange_profiles:\n  - { subject_token_type: \"urn:a:b\", deny: { message: m }, subject_tokens: {} }",
                "bad.yaml:token_exchange_profiles[0]: needs exactly one of"
            ),
            (
                "token_exchange_profiles:\n  - { subject_token_type: \"urn:a:b\", deny: { message: m } }\n  - { subject_token_type: \"urn:a:b\", deny: { message: m } }",
                "bad.yaml:token_exchange_profiles[1].subject_token_type: duplicate subject_token_type 'urn:a:b'"
            ),
            (
                "token_exchange_profiles:\n  - { subject_token_type: \"urn:a:b\", on_behalf_of: { audience: ghost } }",
                "bad.yaml:token_exchange_profiles[0].on_behalf_of.audience: no API has the audience 'ghost'"
            ),
            (
                "token_exchange_profiles:\n  - { subject_token_type: \"urn:a:b\", subject_tokens: { t: ghost } }",
                "bad.yaml:token_exchange_profiles[0].subject_tokens.t: no user has the sub 'ghost'"
            ),
            (
                "token_exchange_profiles:\n  - { subject_token_type: \"urn:a:b\", deny: { message: \"\" } }",
                "bad.yaml:token_exchange_profiles[0].deny.message: must not be empty"
            ),
            (
                "token_exchange_profiles:\n  - { subject_token_type: \"urn:a:b\", deny: { message: m }, clients: [ghost] }",
                "bad.yaml:token_exchange_profiles[0].clients[0]: no client has the id 'ghost'"
            ),
            (
                "token_exchange_profiles:\n  - { subject_token_type: \"urn:a:b\", on_behalf_of: { audience: a, extra: 1 } }",
                "bad.yaml:token_exchange_profiles[0].on_behalf_of.extra: unknown key 'extra'"
            ),
            (
                "clients:\n  - { id: x, type: m2m, secret: s, is_first_party: perhaps }",
                "bad.yaml:clients[0].is_first_party:"
            ),
        ])
    func faults(yaml: String, expected: String) {
        let found = Self.problems(yaml)
        #expect(found.contains { $0.hasPrefix(expected) }, "\(found)")
    }
}
