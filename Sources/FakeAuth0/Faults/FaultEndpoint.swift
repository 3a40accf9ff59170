import Foundation

/// The kinds of endpoint a fault can name in `match.endpoint`. A request can be of more than one kind:
/// a Token Vault exchange is both `token` and `tokenvault`.
public enum FaultEndpoint: String, Sendable, Codable, CaseIterable, Hashable {
    case token
    case tokenVault = "tokenvault"
    case backchannel = "bc-authorize"
    case userInfo = "userinfo"
    case jwks
    case discovery
    case authorize
    case logout
    case myAccount = "myaccount"
    case google = "provider:google"
    case github = "provider:github"
    case slack = "provider:slack"
    case fga
    case api = "protected-api"

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let kind = FaultEndpoint(rawValue: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription:
                        "unknown endpoint kind '\(text)' (known: \(Self.allCases.map(\.rawValue).joined(separator: ", ")))"
                ))
        }
        self = kind
    }

    /// The grant type of a Token Vault exchange.
    public static let tokenVaultGrant =
        "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token"

    /// The kinds of a request to `path` (the provider APIs in their prefix form, `/google/…`), with the
    /// `grant_type` of a token request.
    public static func kinds(path: String, grantType: String?) -> Set<FaultEndpoint> {
        func under(_ prefix: String) -> Bool { path == prefix || path.hasPrefix(prefix + "/") }
        switch path {
        case "/oauth/token":
            return grantType == tokenVaultGrant ? [.token, .tokenVault] : [.token]
        case "/bc-authorize": return [.backchannel]
        case "/userinfo": return [.userInfo]
        case "/.well-known/jwks.json": return [.jwks]
        case "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server": return [.discovery]
        case "/authorize", "/login": return [.authorize]
        case "/oidc/logout", "/v2/logout": return [.logout]
        default:
            if under("/me") { return [.myAccount] }
            if under("/google") { return [.google] }
            if under("/github") { return [.github] }
            if under("/slack") { return [.slack] }
            if under("/fga") { return [.fga] }
            return [.api]
        }
    }
}
