import Foundation

/// An identity provider connection: the database connection or a social one such as `google-oauth2`.
public struct ConnectionConfig: Sendable, Codable, Equatable {
    public var name: String
    /// The provider strategy (`auth0`, `google-oauth2`, `github`, `oauth2`…); the name when absent.
    public var strategy: String
    public var displayName: String
    /// The upstream scopes the connection requests by default.
    public var scopes: [String]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, strategy, scopes
        case displayName = "display_name"
    }

    public init(name: String, strategy: String? = nil, displayName: String? = nil, scopes: [String] = []) {
        self.name = name
        self.strategy = strategy ?? name
        self.displayName = displayName ?? name
        self.scopes = scopes
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name),
            strategy: try c.decodeIfPresent(String.self, forKey: .strategy),
            displayName: try c.decodeIfPresent(String.self, forKey: .displayName),
            scopes: try c.decode([String].self, forKey: .scopes, default: [])
        )
    }

    /// What `init(from:)` reads, straight from the YAML tree (see `YAMLReader`).
    init(yaml reader: YAMLReader) throws {
        let c = try reader.mapping(allowed: Self.yamlKeys)
        self.init(
            name: try c.string("name"),
            strategy: try c.optionalString("strategy"),
            displayName: try c.optionalString("display_name"),
            scopes: try c.strings("scopes", default: []))
    }

    static let yamlKeys = CodingKeys.allCases.map(\.rawValue)
}

/// A refresh token that exists from the start, as if the user had logged in to the client before.
public struct RefreshTokenSeed: Sendable, Codable, Equatable {
    public var token: String
    public var client: String
    public var user: String
    /// Space-separated scopes granted with the token.
    public var scope: String
    public var audience: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case token, client, user, scope, audience
    }

    public init(token: String, client: String, user: String, scope: String, audience: String? = nil) {
        self.token = token
        self.client = client
        self.user = user
        self.scope = scope
        self.audience = audience
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            token: try c.decode(String.self, forKey: .token),
            client: try c.decode(String.self, forKey: .client),
            user: try c.decode(String.self, forKey: .user),
            scope: try c.decode(String.self, forKey: .scope, default: "openid offline_access"),
            audience: try c.decodeIfPresent(String.self, forKey: .audience)
        )
    }

    /// What `init(from:)` reads, straight from the YAML tree (see `YAMLReader`).
    init(yaml reader: YAMLReader) throws {
        let c = try reader.mapping(allowed: Self.yamlKeys)
        self.init(
            token: try c.string("token"),
            client: try c.string("client"),
            user: try c.string("user"),
            scope: try c.string("scope", default: "openid offline_access"),
            audience: try c.optionalString("audience"))
    }

    static let yamlKeys = CodingKeys.allCases.map(\.rawValue)
}
