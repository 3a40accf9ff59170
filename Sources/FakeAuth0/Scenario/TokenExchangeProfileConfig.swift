import Foundation

/// A Custom Token Exchange profile: the `subject_token_type` it answers to and what its Action does
/// with the subject token (exactly one of `on_behalf_of`, `subject_tokens` or `deny`).
public struct TokenExchangeProfileConfig: Sendable, Codable, Equatable {
    public var name: String
    /// The namespaced URI clients send as `subject_token_type` (e.g. `urn:fastmcp:mcp`).
    public var subjectTokenType: String
    /// The subject token is an access token of this tenant; the new token is for the same user.
    public var onBehalfOf: OnBehalfOf?
    /// Opaque subject tokens and the user each one stands for.
    public var subjectTokens: [String: String]?
    /// The Action denies every exchange with this error.
    public var deny: Denial?
    /// Whether a refresh token is issued when `offline_access` is requested.
    public var allowOfflineAccess: Bool
    /// Clients allowed to use the profile; empty means every client allowed the token-exchange grant.
    public var clients: [String]

    /// The `on_behalf_of` policy: which subject tokens the Action accepts.
    public struct OnBehalfOf: Sendable, Codable, Equatable {
        /// The audience the subject token must carry (e.g. the MCP server's API); any when absent.
        public var audience: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case audience }

        public init(audience: String? = nil) { self.audience = audience }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            audience = try c.decodeIfPresent(String.self, forKey: .audience)
        }
    }

    /// What `api.access.deny(code, reason)` would answer.
    public struct Denial: Sendable, Codable, Equatable {
        public var error: String
        public var message: String

        enum CodingKeys: String, CodingKey, CaseIterable { case error, message }

        public init(error: String = "access_denied", message: String) {
            self.error = error
            self.message = message
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                error: try c.decode(String.self, forKey: .error, default: "access_denied"),
                message: try c.decode(String.self, forKey: .message))
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, deny, clients
        case subjectTokenType = "subject_token_type"
        case onBehalfOf = "on_behalf_of"
        case subjectTokens = "subject_tokens"
        case allowOfflineAccess = "allow_offline_access"
    }

    public init(
        name: String? = nil, subjectTokenType: String, onBehalfOf: OnBehalfOf? = nil,
        subjectTokens: [String: String]? = nil, deny: Denial? = nil, allowOfflineAccess: Bool = false,
        clients: [String] = []
    ) {
        self.name = name ?? subjectTokenType
        self.subjectTokenType = subjectTokenType
        self.onBehalfOf = onBehalfOf
        self.subjectTokens = subjectTokens
        self.deny = deny
        self.allowOfflineAccess = allowOfflineAccess
        self.clients = clients
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decodeIfPresent(String.self, forKey: .name),
            subjectTokenType: try c.decode(String.self, forKey: .subjectTokenType),
            onBehalfOf: try c.decodeIfPresent(OnBehalfOf.self, forKey: .onBehalfOf),
            subjectTokens: try c.decodeIfPresent([String: String].self, forKey: .subjectTokens),
            deny: try c.decodeIfPresent(Denial.self, forKey: .deny),
            allowOfflineAccess: try c.decode(Bool.self, forKey: .allowOfflineAccess, default: false),
            clients: try c.decode([String].self, forKey: .clients, default: []))
    }

    /// Subject token types no profile may claim, as Auth0 reserves them.
    public static let reservedPrefixes = ["urn:ietf:", "urn:auth0:", "urn:okta:", "https://auth0.com/"]

    /// Whether `type` falls in a reserved namespace.
    public static func isReserved(_ type: String) -> Bool {
        let lowered = type.lowercased()
        return reservedPrefixes.contains { lowered.hasPrefix($0) }
            || ["urn:ietf", "urn:auth0", "urn:okta"].contains(lowered)
    }
}
