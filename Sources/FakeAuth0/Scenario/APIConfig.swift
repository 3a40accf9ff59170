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
    /// Role-based access control: user tokens get only the API scopes the user holds through roles.
    public var rbac: Bool = false
    /// The shape of the API's access tokens.
    public var tokenDialect: TokenDialect = .accessToken
    /// Whether third-party clients (such as dynamically registered ones) may get tokens for the API.
    public var thirdPartyClients: Bool = false

    enum CodingKeys: String, CodingKey, CaseIterable {
        case audience, name, scopes, clients, rbac
        case tokenLifetime = "token_lifetime"
        case tokenDialect = "token_dialect"
        case thirdPartyClients = "third_party_clients"
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
        rbac = try c.decode(Bool.self, forKey: .rbac, default: false)
        tokenDialect = try c.decode(TokenDialect.self, forKey: .tokenDialect, default: .accessToken)
        thirdPartyClients = try c.decode(Bool.self, forKey: .thirdPartyClients, default: false)
    }

    /// What `init(from:)` reads, straight from the YAML tree (see `YAMLReader`).
    init(yaml reader: YAMLReader) throws {
        let c = try reader.mapping(allowed: Self.yamlKeys)
        self.init(
            audience: try c.string("audience"),
            name: try c.optionalString("name"),
            scopes: try c.strings("scopes", default: []),
            tokenLifetime: try c.optionalInt("token_lifetime"),
            clients: try c.strings("clients", default: []))
        rbac = try c.bool("rbac", default: false)
        tokenDialect = try c.value("token_dialect", default: .accessToken, TokenDialect.init(yaml:))
        thirdPartyClients = try c.bool("third_party_clients", default: false)
    }

    static let yamlKeys = CodingKeys.allCases.map(\.rawValue)
}
