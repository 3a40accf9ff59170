import Foundation

/// A whole scenario file: the tenant's configuration, its clients, APIs, users and connections.
///
/// The YAML format is exactly these types; `docs/scenarios.md` documents every field.
public struct Scenario: Sendable, Codable, Equatable {
    public var tenant: TenantSettings
    public var clients: [ClientConfig]
    public var apis: [APIConfig]
    public var users: [UserConfig]
    public var connections: [ConnectionConfig]
    public var refreshTokens: [RefreshTokenSeed]
    public var ciba: CIBASettings
    public var connect: ConnectSettings
    public var login: LoginSettings
    /// Per user sub: what the stub Google, GitHub and Slack APIs serve (inline, or a file or directory).
    public var fixtures: [String: UserFixtures]
    /// How the stub provider APIs behave.
    public var providers: ProviderSettings
    /// First-party API endpoints the fake hosts, protected by the tenant's own access tokens.
    public var protectedAPIs: [ProtectedAPIConfig]
    /// The OpenFGA-compatible API: its audience, optional API token and seeded stores.
    public var fga: FGAConfig
    /// RBAC roles, assigned to users by name.
    public var roles: [RoleConfig]
    /// Custom Token Exchange profiles, one per `subject_token_type`.
    public var tokenExchangeProfiles: [TokenExchangeProfileConfig]
    /// Faults injected into matching requests from the start (see `FaultSpec`).
    public var faults: [FaultSpec]
    /// Stub APIs declared per connection for providers without a built-in one (`upstream_apis`).
    public var upstreamAPIs: [String: UpstreamAPIConfig]
    /// The fixture files `fixtures` names but that were not read yet (the built-in scenario's).
    var deferredFixtures: DeferredFixtures?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case tenant, clients, apis, users, connections, ciba, connect, login
        case refreshTokens = "refresh_tokens"
        case fixtures, providers, faults
        case protectedAPIs = "protected_apis"
        case fga
        case roles
        case tokenExchangeProfiles = "token_exchange_profiles"
        case upstreamAPIs = "upstream_apis"
    }

    public init(
        tenant: TenantSettings = .init(),
        clients: [ClientConfig] = [],
        apis: [APIConfig] = [],
        users: [UserConfig] = [],
        connections: [ConnectionConfig] = [],
        refreshTokens: [RefreshTokenSeed] = [],
        ciba: CIBASettings = .init(),
        connect: ConnectSettings = .init(),
        login: LoginSettings = .init(),
        fixtures: [String: UserFixtures] = [:],
        providers: ProviderSettings = .init(),
        protectedAPIs: [ProtectedAPIConfig] = [],
        fga: FGAConfig = .init(),
        roles: [RoleConfig] = [],
        tokenExchangeProfiles: [TokenExchangeProfileConfig] = [],
        faults: [FaultSpec] = [],
        upstreamAPIs: [String: UpstreamAPIConfig] = [:]
    ) {
        self.tenant = tenant
        self.clients = clients
        self.apis = apis
        self.users = users
        self.connections = connections
        self.refreshTokens = refreshTokens
        self.ciba = ciba
        self.connect = connect
        self.login = login
        self.fixtures = fixtures
        self.providers = providers
        self.protectedAPIs = protectedAPIs
        self.fga = fga
        self.roles = roles
        self.tokenExchangeProfiles = tokenExchangeProfiles
        self.faults = faults
        self.upstreamAPIs = upstreamAPIs
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tenant = try c.decode(TenantSettings.self, forKey: .tenant, default: .init())
        clients = try c.decode([ClientConfig].self, forKey: .clients, default: [])
        apis = try c.decode([APIConfig].self, forKey: .apis, default: [])
        users = try c.decode([UserConfig].self, forKey: .users, default: [])
        connections = try c.decode([ConnectionConfig].self, forKey: .connections, default: [])
        refreshTokens = try c.decode([RefreshTokenSeed].self, forKey: .refreshTokens, default: [])
        ciba = try c.decode(CIBASettings.self, forKey: .ciba, default: .init())
        connect = try c.decode(ConnectSettings.self, forKey: .connect, default: .init())
        login = try c.decode(LoginSettings.self, forKey: .login, default: .init())
        fixtures = try c.decode([String: UserFixtures].self, forKey: .fixtures, default: [:])
        providers = try c.decode(ProviderSettings.self, forKey: .providers, default: .init())
        protectedAPIs = try c.decode([ProtectedAPIConfig].self, forKey: .protectedAPIs, default: [])
        fga = try c.decode(FGAConfig.self, forKey: .fga, default: .init())
        roles = try c.decode([RoleConfig].self, forKey: .roles, default: [])
        tokenExchangeProfiles = try c.decode(
            [TokenExchangeProfileConfig].self, forKey: .tokenExchangeProfiles, default: [])
        faults = try c.decode([FaultSpec].self, forKey: .faults, default: [])
        upstreamAPIs = try c.decode([String: UpstreamAPIConfig].self, forKey: .upstreamAPIs, default: [:])
    }

    /// What `init(from:)` reads, straight from the YAML tree (see `YAMLReader`).
    init(yaml reader: YAMLReader) throws {
        let c = try reader.mapping(allowed: Self.yamlKeys)
        self.init(
            tenant: try c.value("tenant", default: .init(), TenantSettings.init(yaml:)),
            clients: try c.value("clients", default: []) { try $0.list(ClientConfig.init(yaml:)) },
            apis: try c.value("apis", default: []) { try $0.list(APIConfig.init(yaml:)) },
            users: try c.value("users", default: []) { try $0.list(splittingAbove: 1000, UserConfig.init(yaml:)) },
            connections: try c.value("connections", default: []) { try $0.list(ConnectionConfig.init(yaml:)) },
            refreshTokens: try c.value("refresh_tokens", default: []) { try $0.list(RefreshTokenSeed.init(yaml:)) },
            ciba: try c.value("ciba", default: .init(), CIBASettings.init(yaml:)),
            connect: try c.decode(ConnectSettings.self, "connect", default: .init()),
            login: try c.decode(LoginSettings.self, "login", default: .init()),
            fixtures: try c.value("fixtures", default: [:]) { try $0.dictionary(UserFixtures.init(yaml:)) },
            providers: try c.decode(ProviderSettings.self, "providers", default: .init()),
            protectedAPIs: try c.value("protected_apis", default: []) { try $0.list(ProtectedAPIConfig.init(yaml:)) },
            fga: try c.decode(FGAConfig.self, "fga", default: .init()),
            roles: try c.decode([RoleConfig].self, "roles", default: []),
            tokenExchangeProfiles: try c.decode(
                [TokenExchangeProfileConfig].self, "token_exchange_profiles", default: []),
            faults: try c.decode([FaultSpec].self, "faults", default: []),
            upstreamAPIs: try c.decode([String: UpstreamAPIConfig].self, "upstream_apis", default: [:]))
    }

    static let yamlKeys = CodingKeys.allCases.map(\.rawValue)

    /// What the stub provider APIs serve user `sub`: `fixtures[sub]`, its files read now if the
    /// scenario deferred that.
    package func userFixtures(_ sub: String) -> UserFixtures? {
        guard let entry = fixtures[sub] else { return nil }
        guard let deferredFixtures, entry.source != nil else { return entry }
        return deferredFixtures.fixtures(entry, of: sub)
    }
}

/// Tenant-wide settings: the domain, token lifetimes and an optional pinned signing key.
public struct TenantSettings: Sendable, Codable, Equatable {
    /// A fixed domain (`host` or `host:port`). Without one the issuer follows the request's `Host`.
    public var domain: String?
    public var name: String
    /// Default access-token lifetime in seconds for APIs that set none (Auth0's default is 86400).
    public var accessTokenLifetime: Int
    /// ID-token lifetime in seconds (Auth0's default is 36000).
    public var idTokenLifetime: Int
    /// Absolute refresh-token lifetime in seconds.
    public var refreshTokenLifetime: Int
    /// The audience used by `client_credentials` when the request names none.
    public var defaultAudience: String?
    /// An RSA private key in PEM form that signs every token, for a stable `kid` and fast starts.
    public var signingKey: String?
    /// Whether `POST /oidc/register` (Dynamic Client Registration) is open. Off by default, as on Auth0.
    public var dynamicClientRegistration: Bool
    /// Whether `resource` (RFC 8707) chooses the token's API.
    public var resourceParameterProfile: ResourceParameterProfile
    /// How many entries the journal keeps (0 turns it off).
    public var journalSize: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case domain, name
        case accessTokenLifetime = "access_token_lifetime"
        case idTokenLifetime = "id_token_lifetime"
        case refreshTokenLifetime = "refresh_token_lifetime"
        case defaultAudience = "default_audience"
        case signingKey = "signing_key"
        case dynamicClientRegistration = "dynamic_client_registration"
        case resourceParameterProfile = "resource_parameter_profile"
        case journalSize = "journal_size"
    }

    public init(
        domain: String? = nil,
        name: String = "fake-auth0",
        accessTokenLifetime: Int = 86_400,
        idTokenLifetime: Int = 36_000,
        refreshTokenLifetime: Int = 2_592_000,
        defaultAudience: String? = nil,
        signingKey: String? = nil,
        dynamicClientRegistration: Bool = false,
        resourceParameterProfile: ResourceParameterProfile = .audience,
        journalSize: Int = Journal.defaultCapacity
    ) {
        self.domain = domain
        self.name = name
        self.accessTokenLifetime = accessTokenLifetime
        self.idTokenLifetime = idTokenLifetime
        self.refreshTokenLifetime = refreshTokenLifetime
        self.defaultAudience = defaultAudience
        self.signingKey = signingKey
        self.dynamicClientRegistration = dynamicClientRegistration
        self.resourceParameterProfile = resourceParameterProfile
        self.journalSize = journalSize
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = TenantSettings()
        domain = try c.decodeIfPresent(String.self, forKey: .domain)
        name = try c.decode(String.self, forKey: .name, default: defaults.name)
        accessTokenLifetime = try c.decode(
            Int.self, forKey: .accessTokenLifetime, default: defaults.accessTokenLifetime)
        idTokenLifetime = try c.decode(Int.self, forKey: .idTokenLifetime, default: defaults.idTokenLifetime)
        refreshTokenLifetime = try c.decode(
            Int.self, forKey: .refreshTokenLifetime, default: defaults.refreshTokenLifetime)
        defaultAudience = try c.decodeIfPresent(String.self, forKey: .defaultAudience)
        signingKey = try c.decodeIfPresent(String.self, forKey: .signingKey)
        dynamicClientRegistration = try c.decode(Bool.self, forKey: .dynamicClientRegistration, default: false)
        resourceParameterProfile = try c.decode(
            ResourceParameterProfile.self, forKey: .resourceParameterProfile, default: .audience)
        journalSize = try c.decode(Int.self, forKey: .journalSize, default: defaults.journalSize)
    }

    /// What `init(from:)` reads, straight from the YAML tree (see `YAMLReader`).
    init(yaml reader: YAMLReader) throws {
        let c = try reader.mapping(allowed: Self.yamlKeys)
        let defaults = TenantSettings()
        self.init(
            domain: try c.optionalString("domain"),
            name: try c.string("name", default: defaults.name),
            accessTokenLifetime: try c.int("access_token_lifetime", default: defaults.accessTokenLifetime),
            idTokenLifetime: try c.int("id_token_lifetime", default: defaults.idTokenLifetime),
            refreshTokenLifetime: try c.int("refresh_token_lifetime", default: defaults.refreshTokenLifetime),
            defaultAudience: try c.optionalString("default_audience"),
            signingKey: try c.optionalString("signing_key"),
            dynamicClientRegistration: try c.bool("dynamic_client_registration", default: false),
            resourceParameterProfile: try c.value(
                "resource_parameter_profile", default: .audience, ResourceParameterProfile.init(yaml:)),
            journalSize: try c.int("journal_size", default: defaults.journalSize))
    }

    static let yamlKeys = CodingKeys.allCases.map(\.rawValue)
}
