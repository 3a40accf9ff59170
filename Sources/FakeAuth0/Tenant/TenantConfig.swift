import Foundation

/// The scenario indexed for lookups: immutable while the tenant runs.
public struct TenantConfig: Sendable {
    public let scenario: Scenario
    public let clients: [String: ClientConfig]
    public let apis: [String: APIConfig]
    public let users: [String: UserConfig]
    public let connections: [String: ConnectionConfig]

    public init(_ scenario: Scenario) {
        self.scenario = scenario
        clients = Dictionary(scenario.clients.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        apis = Dictionary(scenario.apis.map { ($0.audience, $0) }, uniquingKeysWith: { first, _ in first })
        users = Dictionary(scenario.users.map { ($0.sub, $0) }, uniquingKeysWith: { first, _ in first })
        connections = Dictionary(scenario.connections.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
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
}
