import Foundation

/// The kind of an Auth0 application, which decides how it authenticates and which grants it may use.
public enum ClientType: String, Sendable, Codable, CaseIterable {
    /// A confidential server-side web app ("Regular Web Application").
    case regularWeb = "regular_web"
    /// A public browser app ("Single Page Application"): no secret, PKCE only.
    case spa
    /// A machine-to-machine app ("non_interactive" in the Management API).
    case m2m
    /// A "Custom API Client" linked to an API, used for Token Vault access-token exchange.
    case resourceServer = "resource_server"

    /// Whether the client must prove possession of a secret or key.
    public var isConfidential: Bool { self != .spa }

    /// The grants a client of this type gets when the scenario lists none.
    var defaultGrants: [GrantType] {
        switch self {
        case .regularWeb: [.authorizationCode, .refreshToken, .clientCredentials]
        case .spa: [.authorizationCode, .refreshToken]
        case .m2m: [.clientCredentials]
        case .resourceServer: [.tokenVault]
        }
    }
}

/// An OAuth grant type a client may be allowed to use, by its exact wire string.
public enum GrantType: String, Sendable, Codable, CaseIterable {
    case authorizationCode = "authorization_code"
    case refreshToken = "refresh_token"
    case clientCredentials = "client_credentials"
    case ciba = "urn:openid:params:grant-type:ciba"
    case tokenVault = "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token"
    /// Custom Token Exchange (RFC 8693) through the scenario's token exchange profiles.
    case tokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange"

    /// Short names accepted in scenario files besides the wire strings.
    static let aliases: [String: GrantType] = [
        "ciba": .ciba, "token_vault": .tokenVault, "token_exchange": .tokenExchange,
    ]

    /// The grant a short name stands for.
    static func alias(_ name: String) -> GrantType? { aliases[name] }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = GrantType(rawValue: raw) ?? GrantType.alias(raw) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: Self.unknown(raw))
        }
        self = value
    }

    /// What `init(from:)` reads, straight from the YAML tree (see `YAMLReader`).
    init(yaml reader: YAMLReader) throws {
        let raw = try reader.string()
        guard let value = GrantType(rawValue: raw) ?? GrantType.alias(raw) else {
            throw reader.corrupted(Self.unknown(raw))
        }
        self = value
    }

    private static func unknown(_ raw: String) -> String {
        let allowed = (GrantType.allCases.map(\.rawValue) + GrantType.aliases.keys.sorted()).joined(separator: ", ")
        return "unknown grant '\(raw)' (allowed: \(allowed))"
    }
}

/// An application registered in the tenant.
public struct ClientConfig: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var secret: String?
    public var type: ClientType
    public var grants: [GrantType]
    public var callbacks: [String]
    public var logoutURLs: [String]
    /// RSA public keys (PEM) that verify this client's `private_key_jwt` assertions.
    public var publicKeys: [String]
    /// Whether each refresh exchanges the refresh token for a new one, with reuse detection.
    public var refreshTokenRotation: Bool
    /// CIBA notification channels the client enables: `guardian-push` and/or `email`.
    public var asyncApprovalChannels: [String]
    /// For a `resource_server` ("Custom API Client"): the audience of the API it is linked to.
    public var resourceServerIdentifier: String?
    /// Whether the client is the tenant's own (first-party) application; third-party clients get
    /// tokens only for APIs that allow them.
    public var isFirstParty: Bool = true

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, secret, type, grants, callbacks
        case logoutURLs = "logout_urls"
        case publicKeys = "public_keys"
        case refreshTokenRotation = "refresh_token_rotation"
        case asyncApprovalChannels = "async_approval_notification_channels"
        case resourceServerIdentifier = "resource_server_identifier"
        case isFirstParty = "is_first_party"
    }

    public init(
        id: String,
        name: String? = nil,
        secret: String? = nil,
        type: ClientType,
        grants: [GrantType]? = nil,
        callbacks: [String] = [],
        logoutURLs: [String] = [],
        publicKeys: [String] = [],
        refreshTokenRotation: Bool = false,
        asyncApprovalChannels: [String] = ["guardian-push"],
        resourceServerIdentifier: String? = nil
    ) {
        self.id = id
        self.name = name ?? id
        self.secret = secret
        self.type = type
        self.grants = grants ?? type.defaultGrants
        self.callbacks = callbacks
        self.logoutURLs = logoutURLs
        self.publicKeys = publicKeys
        self.refreshTokenRotation = refreshTokenRotation
        self.asyncApprovalChannels = asyncApprovalChannels
        self.resourceServerIdentifier = resourceServerIdentifier
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id),
            name: try c.decodeIfPresent(String.self, forKey: .name),
            secret: try c.decodeIfPresent(String.self, forKey: .secret),
            type: try c.decode(ClientType.self, forKey: .type),
            grants: try c.decodeIfPresent([GrantType].self, forKey: .grants),
            callbacks: try c.decode([String].self, forKey: .callbacks, default: []),
            logoutURLs: try c.decode([String].self, forKey: .logoutURLs, default: []),
            publicKeys: try c.decode([String].self, forKey: .publicKeys, default: []),
            refreshTokenRotation: try c.decode(Bool.self, forKey: .refreshTokenRotation, default: false),
            asyncApprovalChannels: try c.decode(
                [String].self, forKey: .asyncApprovalChannels, default: ["guardian-push"]),
            resourceServerIdentifier: try c.decodeIfPresent(String.self, forKey: .resourceServerIdentifier)
        )
        isFirstParty = try c.decode(Bool.self, forKey: .isFirstParty, default: true)
    }

    /// What `init(from:)` reads, straight from the YAML tree (see `YAMLReader`).
    init(yaml reader: YAMLReader) throws {
        let c = try reader.mapping(allowed: Self.yamlKeys)
        self.init(
            id: try c.string("id"),
            name: try c.optionalString("name"),
            secret: try c.optionalString("secret"),
            type: try c.required("type").rawValue(ClientType.self),
            grants: try c.optional("grants") { try $0.list(GrantType.init(yaml:)) },
            callbacks: try c.strings("callbacks", default: []),
            logoutURLs: try c.strings("logout_urls", default: []),
            publicKeys: try c.strings("public_keys", default: []),
            refreshTokenRotation: try c.bool("refresh_token_rotation", default: false),
            asyncApprovalChannels: try c.strings("async_approval_notification_channels", default: ["guardian-push"]),
            resourceServerIdentifier: try c.optionalString("resource_server_identifier"))
        isFirstParty = try c.bool("is_first_party", default: true)
    }

    static let yamlKeys = CodingKeys.allCases.map(\.rawValue)

    /// Whether the client may use `grant`.
    public func allows(_ grant: GrantType) -> Bool { grants.contains(grant) }
}
