import Foundation

/// An account at an upstream provider (Google, GitHub, Slack…) linked to a user, whose tokens live in
/// the Token Vault from the start.
public struct ConnectedAccountConfig: Sendable, Codable, Equatable {
    /// The connection name, e.g. `google-oauth2`.
    public var connection: String
    /// The upstream scopes the user granted; the exchange answers with exactly these.
    public var scopes: [String]
    /// Lifetime in seconds of the upstream access token (Google's is 3599).
    public var expiresIn: Int
    /// Whether the vault holds an upstream refresh token, so an expired access token can be renewed.
    public var refreshToken: Bool
    /// The user revoked access at the provider: exchanges fail as Auth0's do when the upstream refresh fails.
    public var revoked: Bool
    /// What `login_hint` selects this account by (e.g. the upstream email), when a user has several.
    public var loginHint: String?
    /// The user's id at the provider.
    public var userID: String?
    /// A fixed upstream access token, instead of a generated one.
    public var accessToken: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case connection, scopes, revoked
        case expiresIn = "expires_in"
        case refreshToken = "refresh_token"
        case loginHint = "login_hint"
        case userID = "user_id"
        case accessToken = "access_token"
    }

    public init(
        connection: String, scopes: [String] = [], expiresIn: Int = 3599, refreshToken: Bool = true,
        revoked: Bool = false,
        loginHint: String? = nil, userID: String? = nil, accessToken: String? = nil
    ) {
        self.connection = connection
        self.scopes = scopes
        self.expiresIn = expiresIn
        self.refreshToken = refreshToken
        self.revoked = revoked
        self.loginHint = loginHint
        self.userID = userID
        self.accessToken = accessToken
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            // Absent in the mapping form, where the key names the connection; the validator requires it otherwise.
            connection: try c.decode(String.self, forKey: .connection, default: ""),
            scopes: try c.decode([String].self, forKey: .scopes, default: []),
            expiresIn: try c.decode(Int.self, forKey: .expiresIn, default: 3599),
            refreshToken: try c.decode(Bool.self, forKey: .refreshToken, default: true),
            revoked: try c.decode(Bool.self, forKey: .revoked, default: false),
            loginHint: try c.decodeIfPresent(String.self, forKey: .loginHint),
            userID: try c.decodeIfPresent(String.self, forKey: .userID),
            accessToken: try c.decodeIfPresent(String.self, forKey: .accessToken))
    }

    /// What `init(from:)` reads, straight from the YAML tree (see `YAMLReader`).
    init(yaml reader: YAMLReader) throws {
        let c = try reader.mapping(allowed: Self.yamlKeys)
        self.init(
            connection: try c.string("connection", default: ""),
            scopes: try c.strings("scopes", default: []),
            expiresIn: try c.int("expires_in", default: 3599),
            refreshToken: try c.bool("refresh_token", default: true),
            revoked: try c.bool("revoked", default: false),
            loginHint: try c.optionalString("login_hint"),
            userID: try c.optionalString("user_id"),
            accessToken: try c.optionalString("access_token"))
    }

    static let yamlKeys = CodingKeys.allCases.map(\.rawValue)
}

/// How the Connected Accounts consent step is answered.
public struct ConnectSettings: Sendable, Codable, Equatable {
    /// `page` shows the consent page; `allow` and `deny` decide at once, for headless tests.
    public var decide: String

    enum CodingKeys: String, CodingKey, CaseIterable { case decide }

    public init(decide: String = "page") { self.decide = decide }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(decide: try c.decode(String.self, forKey: .decide, default: "page"))
    }
}
