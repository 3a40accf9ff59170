import Foundation

/// What a grant receives: the parsed parameters, the client already authenticated, and the issuer.
struct GrantRequest: Sendable {
    var parameters: RequestParameters
    var client: ClientConfig
    var issuer: Issuer
}

/// One OAuth grant type. `POST /oauth/token` finds the handler by `grant_type` in `GrantTable`.
protocol GrantHandler: Sendable {
    /// The grant this handler serves.
    var grantType: GrantType { get }
    func handle(_ request: GrantRequest, context: GrantContext) async throws(OAuthError) -> TokenResponse
}

/// The grant handlers by their `grant_type` wire string. Adding a grant adds an entry here.
enum GrantTable {
    static let handlers: [String: any GrantHandler] = Dictionary(
        uniqueKeysWithValues: ([
            ClientCredentialsGrant(), RefreshTokenGrant(), AuthorizationCodeGrant(), CIBAGrant(), TokenVaultGrant(),
            CustomTokenExchangeGrant(),
        ] as [any GrantHandler])
        .map { ($0.grantType.rawValue, $0) })
}
