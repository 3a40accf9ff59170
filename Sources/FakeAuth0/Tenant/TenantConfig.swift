import Foundation

/// The scenario indexed for lookups: immutable while the tenant runs.
public struct TenantConfig: Sendable {
    public let scenario: Scenario
    public let clients: [String: ClientConfig]
    public let apis: [String: APIConfig]
    public let users: UsersBySub
    public let connections: [String: ConnectionConfig]
    /// Custom Token Exchange profiles by `subject_token_type`.
    public let tokenExchangeProfiles: [String: TokenExchangeProfileConfig]
    /// Each user's RBAC permissions per API.
    let rbac: RBACPermissions

    public init(_ scenario: Scenario) {
        self.scenario = scenario
        clients = Dictionary(scenario.clients.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        apis = Dictionary(scenario.apis.map { ($0.audience, $0) }, uniquingKeysWith: { first, _ in first })
        users = UsersBySub(scenario.users)
        connections = Dictionary(scenario.connections.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        tokenExchangeProfiles = Dictionary(
            scenario.tokenExchangeProfiles.map { ($0.subjectTokenType, $0) }, uniquingKeysWith: { first, _ in first })
        rbac = RBACPermissions(scenario: scenario)
    }

    public var settings: TenantSettings { scenario.tenant }

    /// The access-token lifetime for `audience`: the API's own, else the tenant's.
    func accessTokenLifetime(for audience: String?) -> Int {
        audience.flatMap { apis[$0]?.tokenLifetime } ?? settings.accessTokenLifetime
    }

    /// The scopes of the built-in My Account API (`https://{domain}/me/`).
    public static let myAccountScopes = [
        "create:me:connected_accounts", "read:me:connected_accounts", "delete:me:connected_accounts",
    ]

    /// The API for `audience`: one of the scenario's, or the built-in My Account API of this issuer.
    public func api(_ audience: String, issuer: Issuer) -> APIConfig? {
        if let api = apis[audience] { return api }
        guard audience == issuer.myAccountAudience else { return nil }
        return APIConfig(audience: audience, name: "Auth0 My Account API", scopes: Self.myAccountScopes)
    }

    /// The API a request targets: `audience` when given; otherwise, under the Resource Parameter
    /// Compatibility Profile, the API an absolute-URI `resource` names (RFC 8707). Without the profile
    /// `resource` is ignored.
    func targetAudience(audience: String?, resource: String?, issuer: Issuer) throws(OAuthError) -> String? {
        if let audience { return audience }
        guard let resource, settings.resourceParameterProfile == .compatibility else { return nil }
        guard let components = URLComponents(string: resource), components.scheme?.isEmpty == false,
            components.fragment == nil
        else {
            throw .invalidRequest("The resource parameter must be an absolute URI without a fragment")
        }
        guard api(resource, issuer: issuer) != nil else {
            throw OAuthError("invalid_target", "The resource '\(resource)' is not an API of this tenant")
        }
        return resource
    }

    /// Refuses a third-party client a token for an API that does not allow third-party clients.
    func checkThirdPartyAccess(client: ClientConfig, audience: String?) throws(OAuthError) {
        guard !client.isFirstParty, let audience, apis[audience]?.thirdPartyClients != true else { return }
        throw .accessDenied("Third-party client is not authorized to access \"\(audience)\"")
    }
}
