import Foundation

/// A user of the tenant, with the profile that ID tokens and `/userinfo` report.
public struct UserConfig: Sendable, Codable, Equatable {
    /// The user id, e.g. `auth0|alice`; the `sub` of every token issued for the user.
    public var sub: String
    public var email: String?
    public var emailVerified: Bool
    public var name: String?
    public var nickname: String?
    public var givenName: String?
    public var familyName: String?
    public var picture: String?
    public var password: String?
    /// ISO 8601 time of the last profile change (the `updated_at` claim).
    public var updatedAt: String
    public var appMetadata: [String: JSONValue]
    public var userMetadata: [String: JSONValue]
    /// Whether the user has Guardian push enrolled, the first CIBA notification channel.
    public var guardianEnrolled: Bool
    /// Upstream accounts whose tokens are in the Token Vault from the start.
    public var connectedAccounts: [ConnectedAccountConfig]
    /// RBAC roles by name.
    public var roles: [String] = []

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sub, email, name, nickname, picture, password
        case emailVerified = "email_verified"
        case givenName = "given_name"
        case familyName = "family_name"
        case updatedAt = "updated_at"
        case appMetadata = "app_metadata"
        case userMetadata = "user_metadata"
        case guardianEnrolled = "guardian_enrolled"
        case connectedAccounts = "connected_accounts"
        case roles
    }

    public init(
        sub: String,
        email: String? = nil,
        emailVerified: Bool = true,
        name: String? = nil,
        nickname: String? = nil,
        givenName: String? = nil,
        familyName: String? = nil,
        picture: String? = nil,
        password: String? = nil,
        updatedAt: String = "2026-01-01T00:00:00.000Z",
        appMetadata: [String: JSONValue] = [:],
        userMetadata: [String: JSONValue] = [:],
        guardianEnrolled: Bool = true,
        connectedAccounts: [ConnectedAccountConfig] = []
    ) {
        self.sub = sub
        self.email = email
        self.emailVerified = emailVerified
        self.name = name
        self.nickname = nickname
        self.givenName = givenName
        self.familyName = familyName
        self.picture = picture
        self.password = password
        self.updatedAt = updatedAt
        self.appMetadata = appMetadata
        self.userMetadata = userMetadata
        self.guardianEnrolled = guardianEnrolled
        self.connectedAccounts = connectedAccounts
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            sub: try c.decode(String.self, forKey: .sub),
            email: try c.decodeIfPresent(String.self, forKey: .email),
            emailVerified: try c.decode(Bool.self, forKey: .emailVerified, default: true),
            name: try c.decodeIfPresent(String.self, forKey: .name),
            nickname: try c.decodeIfPresent(String.self, forKey: .nickname),
            givenName: try c.decodeIfPresent(String.self, forKey: .givenName),
            familyName: try c.decodeIfPresent(String.self, forKey: .familyName),
            picture: try c.decodeIfPresent(String.self, forKey: .picture),
            password: try c.decodeIfPresent(String.self, forKey: .password),
            updatedAt: try c.decode(String.self, forKey: .updatedAt, default: "2026-01-01T00:00:00.000Z"),
            appMetadata: try c.decode([String: JSONValue].self, forKey: .appMetadata, default: [:]),
            userMetadata: try c.decode([String: JSONValue].self, forKey: .userMetadata, default: [:]),
            guardianEnrolled: try c.decode(Bool.self, forKey: .guardianEnrolled, default: true),
            connectedAccounts: try Self.decodeConnectedAccounts(c)
        )
        roles = try c.decode([String].self, forKey: .roles, default: [])
    }

    /// `connected_accounts` is a list of accounts, or a mapping from connection name to one account.
    static func decodeConnectedAccounts(_ c: KeyedDecodingContainer<CodingKeys>) throws -> [ConnectedAccountConfig] {
        guard c.contains(.connectedAccounts) else { return [] }
        // The mapping form is the usual one: probe for it first, so a big scenario decodes without
        // building (and dropping) an error for every user.
        if (try? c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .connectedAccounts)) == nil,
            (try? c.nestedUnkeyedContainer(forKey: .connectedAccounts)) != nil
        {
            return try c.decode([ConnectedAccountConfig].self, forKey: .connectedAccounts)
        }
        let byConnection = try c.decode([String: ConnectedAccountConfig].self, forKey: .connectedAccounts)
        return byConnection.sorted { $0.key < $1.key }.map { name, account in
            var account = account
            account.connection = name
            return account
        }
    }

    /// What `init(from:)` reads, straight from the YAML tree (see `YAMLReader`).
    init(yaml reader: YAMLReader) throws {
        let c = try reader.mapping(allowed: Self.yamlKeys)
        self.init(
            sub: try c.string("sub"),
            email: try c.optionalString("email"),
            emailVerified: try c.bool("email_verified", default: true),
            name: try c.optionalString("name"),
            nickname: try c.optionalString("nickname"),
            givenName: try c.optionalString("given_name"),
            familyName: try c.optionalString("family_name"),
            picture: try c.optionalString("picture"),
            password: try c.optionalString("password"),
            updatedAt: try c.string("updated_at", default: "2026-01-01T00:00:00.000Z"),
            appMetadata: try c.value("app_metadata", default: [:]) { try $0.dictionary { try $0.json() } },
            userMetadata: try c.value("user_metadata", default: [:]) { try $0.dictionary { try $0.json() } },
            guardianEnrolled: try c.bool("guardian_enrolled", default: true),
            connectedAccounts: try Self.connectedAccounts(c)
        )
        roles = try c.strings("roles", default: [])
    }

    static let yamlKeys = CodingKeys.allCases.map(\.rawValue)

    /// `decodeConnectedAccounts`, from the YAML tree.
    private static func connectedAccounts(_ c: YAMLFields) throws -> [ConnectedAccountConfig] {
        guard let accounts = c.reader("connected_accounts") else { return [] }
        if case .sequence = accounts.value { return try accounts.list(ConnectedAccountConfig.init(yaml:)) }
        if let (name, value) = try accounts.mapping().single {  // the usual case: no dictionary to build
            var account = try ConnectedAccountConfig(yaml: YAMLReader(value, path: accounts.path(.dictionaryKey(name))))
            account.connection = name
            return [account]
        }
        let byConnection = try accounts.dictionary(ConnectedAccountConfig.init(yaml:))
        return byConnection.sorted { $0.key < $1.key }.map { name, account in
            var account = account
            account.connection = name
            return account
        }
    }

    /// The nickname Auth0 derives when none is set: the local part of the email.
    public var effectiveNickname: String? {
        nickname ?? email.map { String($0.prefix(while: { $0 != "@" })) }
    }
}
