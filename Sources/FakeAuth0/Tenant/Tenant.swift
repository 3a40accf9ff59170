import FakeFGA
import Foundation

/// A running fake Auth0 tenant: the scenario's configuration, its state, keys and clock, and the
/// services the endpoints call. It only composes them (each gets just what it uses) and is the entry
/// point for the token, back-channel and userinfo endpoints. It knows nothing of HTTP; the server
/// translates requests into these calls and `OAuthError`s into responses.
public final class Tenant: Sendable {
    public let config: TenantConfig
    public let clock: TenantClock
    public let keys: SigningKeyRing
    package let store: StateStore
    /// When the tenant started: the instant relative fixture times are resolved against.
    public let startedAt: Date
    let authenticator: ClientAuthenticator
    let discovery: DiscoveryDocuments
    let grants: GrantContext
    let backchannel: BackchannelAuthorizer

    /// Verifies the tenant's own access tokens.
    public let verifier: AccessTokenVerifier
    /// The approver's manual controls: list, approve, deny, decide the next request.
    public let ciba: CIBAControl
    /// The Token Vault: connected accounts and their upstream tokens.
    public let vault: TokenVault
    /// Browser login: `/authorize`, the login page, sessions and logout.
    public let login: LoginFlow
    /// The My Account API (Connected Accounts).
    public let myAccount: MyAccount
    /// The OpenFGA-compatible API: its stores, caller authentication and tuple controls.
    public let fga: FGAService
    /// Injected faults: the scenario's `faults` and those added at run time.
    public let faults: FaultInjector
    /// What happened, as domain events: every service records into it.
    public let journal: Journal
    /// The offset added to issued tokens' `iat`, `exp` and `nbf` (a lifecycle fault).
    public let tokenSkew: TokenClockSkew

    init(
        config: TenantConfig, store: StateStore, clock: TenantClock, keys: SigningKeyRing,
        authenticator: ClientAuthenticator, journal: Journal, fgaStores: FGAStores = FGAStores()
    ) {
        self.journal = journal
        self.config = config
        self.store = store
        self.clock = clock
        self.keys = keys
        self.authenticator = authenticator
        startedAt = clock.now()
        discovery = DiscoveryDocuments(dynamicClientRegistration: config.settings.dynamicClientRegistration)
        let tokenSkew = TokenClockSkew()
        self.tokenSkew = tokenSkew
        let minter = TokenMinter(keys: keys, clock: clock, config: config, skew: tokenSkew)
        let verifier = AccessTokenVerifier(keys: keys, clock: clock)
        let vault = TokenVault(config: config, clock: clock, store: store)
        self.verifier = verifier
        self.vault = vault
        grants = GrantContext(
            config: config, clock: clock, store: store, minter: minter,
            tokens: UserTokenIssuer(config: config, clock: clock, store: store, minter: minter), vault: vault,
            verifier: verifier, journal: journal)
        backchannel = BackchannelAuthorizer(config: config, clock: clock, store: store, journal: journal)
        ciba = CIBAControl(config: config, clock: clock, store: store, journal: journal)
        login = LoginFlow(
            config: config, clock: clock, store: store, vault: vault, keys: keys, clients: authenticator.clients,
            journal: journal)
        myAccount = MyAccount(
            config: config, clock: clock, store: store, vault: vault, verifier: verifier, journal: journal)
        fga = FGAService(config: config.scenario.fga, clock: clock, verifier: verifier, stores: fgaStores)
        faults = FaultInjector(config: config, journal: journal)
    }

    /// Every client: the scenario's and the dynamically registered ones.
    var clients: ClientDirectory { authenticator.clients }

    /// Authenticates the client of a request (secret, assertion, or a public client's id alone).
    func authenticateClient(
        _ parameters: RequestParameters, basic: BasicCredentials?, issuer: Issuer
    ) async throws(OAuthError) -> ClientConfig {
        try await authenticator.authenticate(parameters, basic: basic, issuer: issuer)
    }

    /// The API for `audience`: one of the scenario's, or the built-in My Account API of this issuer.
    public func api(_ audience: String, issuer: Issuer) -> APIConfig? { config.api(audience, issuer: issuer) }

    /// The issuer for a request that arrived with `host` in its `Host` header: the scenario's fixed
    /// domain when it has one, else that host.
    public func issuer(forHost host: String?) -> Issuer {
        Issuer(domain: config.settings.domain ?? host ?? "localhost")
    }

    /// `POST /oauth/token`: authenticates the client and runs the grant named by `grant_type`.
    public func token(
        parameters: RequestParameters, basic: BasicCredentials?, issuer: Issuer
    ) async throws(OAuthError) -> TokenResponse {
        var client: ClientConfig?
        do throws(OAuthError) {
            let grantName = try parameters.required("grant_type")
            guard let handler = GrantTable.handlers[grantName] else { throw .unsupportedGrantType(grantName) }
            client = try await authenticator.authenticate(parameters, basic: basic, issuer: issuer)
            guard let client, client.allows(handler.grantType) else {
                throw .unauthorizedClient("Grant type '\(grantName)' not allowed for the client.")
            }
            let response = try await handler.handle(
                GrantRequest(parameters: parameters, client: client, issuer: issuer), context: grants)
            journal.tokenIssued(response, parameters: parameters, client: client.id)
            return response
        } catch {
            journal.tokenRefused(error, parameters: parameters, client: client?.id ?? parameters["client_id"])
            throw error
        }
    }

    /// `POST /bc-authorize`: authenticates the client and starts a back-channel authorization request.
    public func backchannelAuthorize(
        parameters: RequestParameters, basic: BasicCredentials?, issuer: Issuer
    ) async throws(OAuthError) -> BackchannelAuthResponse {
        do throws(OAuthError) {
            let client = try await authenticator.authenticate(parameters, basic: basic, issuer: issuer)
            return try await backchannel.authorize(parameters, client: client, issuer: issuer)
        } catch {
            journal.record(
                "ciba.refused", client: parameters["client_id"],
                details: ["error": .string(error.code), "reason": .string(error.message)])
            throw error
        }
    }

    /// Verifies one of the tenant's access tokens: signature, issuer, expiry on the tenant clock, and,
    /// when given, that `aud` contains `audience`.
    public func verifyAccessToken(_ token: String, issuer: Issuer, audience: String? = nil) async throws(OAuthError)
        -> ClaimSet
    {
        try await verifier.verify(token, issuer: issuer, audience: audience)
    }

    /// `GET /userinfo`: the profile claims of the token's user, as far as its scopes allow.
    public func userInfo(accessToken: String?, issuer: Issuer) async throws(OAuthError) -> [String: JSONValue] {
        guard let accessToken, !accessToken.isEmpty else {
            throw OAuthError(
                "invalid_token", "Missing access token", kind: .unauthenticated,
                challenge: BearerChallenge(realm: "userinfo"))
        }
        let claims = try await verifier.verify(accessToken, issuer: issuer, audience: issuer.userInfoAudience)
        guard let sub = claims.subject, let user = config.users[sub] else {
            throw .invalidToken("The user of the access token does not exist")
        }
        return UserClaims.claims(for: user, scopes: claims.scopes)
    }

    /// The OpenID Connect discovery document for `issuer`, with endpoint URLs under `baseURL`
    /// (the scheme and host the client used).
    public func discoveryDocument(issuer: Issuer, baseURL: String) -> Data {
        discovery.document(issuer: issuer, baseURL: baseURL)
    }

    /// Who a token acts for, for matching faults: the user and connection of a Token Vault upstream
    /// token, the user of a refresh token, or the subject of one of the tenant's access tokens (its
    /// signature checked, its expiry not). Nil for anything else.
    public func faultSubject(token: String) async -> (user: String?, connection: String?)? {
        if let account = try? vault.account(accessToken: token) { return (account.userSub, account.connection) }
        if let record = try? store.refreshToken(token) { return (record.userSub, nil) }
        if token.split(separator: ".").count == 3, let claims = try? await keys.verifySignature(token) {
            return (claims.subject, nil)
        }
        return nil
    }
}
