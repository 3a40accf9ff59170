import Foundation

/// How an API's access tokens are shaped (Auth0's `token_dialect`).
public enum TokenDialect: String, Sendable, Codable, CaseIterable {
    /// Auth0's own layout: `scope` and `azp`.
    case accessToken = "access_token"
    /// As `access_token`, plus the user's RBAC `permissions`.
    case accessTokenAuthz = "access_token_authz"
    /// RFC 9068: header `typ: at+jwt`, `client_id` and `jti` instead of `azp`.
    case rfc9068Profile = "rfc9068_profile"
    /// As `rfc9068_profile`, plus the user's RBAC `permissions`.
    case rfc9068ProfileAuthz = "rfc9068_profile_authz"

    /// Whether tokens carry the `permissions` claim.
    public var includesPermissions: Bool { self == .accessTokenAuthz || self == .rfc9068ProfileAuthz }
    /// Whether tokens follow RFC 9068.
    public var isRFC9068: Bool { self == .rfc9068Profile || self == .rfc9068ProfileAuthz }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = TokenDialect(rawValue: raw) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: Self.unknown(raw))
        }
        self = value
    }

    /// What `init(from:)` reads, straight from the YAML tree (see `YAMLReader`).
    init(yaml reader: YAMLReader) throws {
        let raw = try reader.string()
        guard let value = TokenDialect(rawValue: raw) else { throw reader.corrupted(Self.unknown(raw)) }
        self = value
    }

    private static func unknown(_ raw: String) -> String {
        "unknown token dialect '\(raw)' (allowed: " + TokenDialect.allCases.map(\.rawValue).joined(separator: ", ")
            + ")"
    }
}

/// Which `resource` behaviour the tenant has (Auth0's `resource_parameter_profile`).
public enum ResourceParameterProfile: String, Sendable, Codable, CaseIterable {
    /// Only `audience` chooses the API; `resource` is ignored (Auth0's default).
    case audience
    /// The "Resource Parameter Compatibility Profile": an absolute-URI `resource` naming an API sets
    /// the token's audience when no `audience` is given (RFC 8707).
    case compatibility

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = ResourceParameterProfile(rawValue: raw) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: Self.unknown(raw))
        }
        self = value
    }

    /// What `init(from:)` reads, straight from the YAML tree (see `YAMLReader`).
    init(yaml reader: YAMLReader) throws {
        let raw = try reader.string()
        guard let value = ResourceParameterProfile(rawValue: raw) else { throw reader.corrupted(Self.unknown(raw)) }
        self = value
    }

    private static func unknown(_ raw: String) -> String {
        "unknown resource parameter profile '\(raw)' (allowed: audience, compatibility)"
    }
}
