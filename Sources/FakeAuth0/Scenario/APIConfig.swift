import Foundation

/// An API (resource server) the tenant issues access tokens for.
public struct APIConfig: Sendable, Codable, Equatable {
    /// The API identifier, which becomes the `aud` of its access tokens.
    public var audience: String
    public var name: String
    /// The permissions the API defines.
    public var scopes: [String]
    /// Access-token lifetime in seconds; the tenant default when absent.
    public var tokenLifetime: Int?
    /// Clients granted machine-to-machine access (`client_credentials`) to this API.
    public var clients: [String]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case audience, name, scopes, clients
        case tokenLifetime = "token_lifetime"
    }

    public init(
        audience: String, name: String? = nil, scopes: [String] = [], tokenLifetime: Int? = nil, clients: [String] = []
    ) {
        self.audience = audience
        self.name = name ?? audience
        self.scopes = scopes
        self.tokenLifetime = tokenLifetime
        self.clients = clients
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            audience: try c.decode(String.self, forKey: .audience),
            name: try c.decodeIfPresent(String.self, forKey: .name),
            scopes: try c.decode([String].self, forKey: .scopes, default: []),
            tokenLifetime: try c.decodeIfPresent(Int.self, forKey: .tokenLifetime),
            clients: try c.decode([String].self, forKey: .clients, default: [])
        )
    }
}
