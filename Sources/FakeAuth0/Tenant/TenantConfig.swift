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
}
