import Foundation

/// What a grant handler works with: the configuration, the clock, the state store, the token minter
/// and issuer, the Token Vault and the access-token verifier. Built once per tenant.
struct GrantContext: Sendable {
    let config: TenantConfig
    let clock: TenantClock
    let store: StateStore
    let minter: TokenMinter
    let tokens: UserTokenIssuer
    let vault: TokenVault
    let verifier: AccessTokenVerifier
    let journal: Journal
}
