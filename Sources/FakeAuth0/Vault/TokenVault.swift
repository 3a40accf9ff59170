import Foundation

/// The Token Vault: users' upstream tokens per connection, handed out by the federated token exchange,
/// filled by the scenario, the Connected Accounts flow or the control API, and changed at run time.
public struct TokenVault: Sendable {
    let config: TenantConfig
    let clock: TenantClock
    let store: StateStore

    static let notFound = OAuthError(
        "federated_connection_refresh_token_not_found", "Federated connection Refresh Token not found.",
        kind: .unauthenticated)
    static let noSuchAccount = OAuthError.notFound("No such connected account")
    /// The upstream provider refused to refresh the account's access token.
    static let upstreamRefreshFailed = OAuthError.invalidGrant(
        "Failed to refresh the federated connection access token: the upstream provider refused the refresh token.")

    // MARK: Exchange

    /// The account's current upstream access token for `user` and `connection` (the one `loginHint`
    /// names, when given), refreshed first when it has expired.
    func currentToken(user: String, connection: String, loginHint: String?) throws(OAuthError) -> VaultAccountRecord {
        let candidates = try storeStep { try store.vaultAccounts(user: user, connection: connection) }
        let chosen =
            loginHint.map { hint in candidates.first { $0.loginHint == hint || $0.providerUserID == hint } }
            ?? candidates.first
        guard var account = chosen else { throw Self.notFound }
        let now = clock.nowSeconds()
        if account.accessExpiresAt > now, !account.revoked { return account }
        guard account.refreshToken != nil, !account.revoked else {
            throw OAuthError(
                "federated_connection_refresh_token_not_found",
                account.revoked
                    ? "The federated connection refresh token was revoked by the user."
                    : "Federated connection Refresh Token not found.",
                kind: .unauthenticated)
        }
        if account.refreshFails { throw Self.upstreamRefreshFailed }
        account.accessToken = UpstreamTokens.accessToken(for: config.connections[connection])
        account.accessExpiresAt = now + account.accessLifetime
        let refreshed = account
        try storeStep { try store.saveVaultAccount(refreshed) }
        return refreshed
    }

    // MARK: Control

    /// Connected accounts, optionally one user's or one connection's.
    public func accounts(user: String? = nil, connection: String? = nil) throws(OAuthError) -> [VaultAccountRecord] {
        try storeStep { try store.vaultAccounts(user: user, connection: connection) }
    }

    /// One account by id.
    public func account(_ id: String) throws(OAuthError) -> VaultAccountRecord {
        guard let account = try storeStep({ try store.vaultAccount(id: id) }) else { throw Self.noSuchAccount }
        return account
    }

    /// The account an upstream access token belongs to, if any.
    public func account(accessToken: String) throws(OAuthError) -> VaultAccountRecord? {
        try storeStep { try store.vaultAccount(accessToken: accessToken) }
    }

    /// Links an upstream account to `user` with fresh tokens; the user must exist and the connection too.
    @discardableResult
    public func link(
        user: String, connection: String, scopes: [String], expiresIn: Int = 3599, refreshToken: Bool = true,
        loginHint: String? = nil, providerUserID: String? = nil, accessToken: String? = nil, id: String? = nil
    ) throws(OAuthError) -> VaultAccountRecord {
        guard config.users[user] != nil else { throw .invalidRequest("No user has the sub '\(user)'") }
        guard let connectionConfig = config.connections[connection] else {
            throw .invalidRequest("No connection is named '\(connection)'")
        }
        guard expiresIn > 0 else { throw .invalidRequest("expires_in must be positive") }
        let now = clock.nowSeconds()
        let record = VaultAccountRecord(
            id: id ?? RandomToken.make(prefix: "cac_", bytes: 15), userSub: user, connection: connection,
            loginHint: loginHint,
            providerUserID: providerUserID, scopes: Scope.join(scopes),
            accessToken: accessToken ?? UpstreamTokens.accessToken(for: connectionConfig),
            accessExpiresAt: now + expiresIn, accessLifetime: expiresIn,
            refreshToken: refreshToken ? UpstreamTokens.refreshToken(for: connectionConfig) : nil, revoked: false,
            createdAt: now)
        try storeStep { try store.insertVaultAccount(record) }
        return record
    }

    /// Removes an account: the next exchange for it fails with `federated_connection_refresh_token_not_found`.
    public func unlink(_ id: String) throws(OAuthError) {
        guard try storeStep({ try store.deleteVaultAccount(id: id) }) else { throw Self.noSuchAccount }
    }

    /// The user revoked access upstream: the access token dies and refreshing it fails.
    public func revoke(_ id: String) throws(OAuthError) {
        try change(id) { $0.revoked = true }
    }

    /// Expires the upstream access token now, so the next exchange refreshes it (or fails without a refresh token).
    public func expire(_ id: String) throws(OAuthError) {
        let now = clock.nowSeconds()
        try change(id) { $0.accessExpiresAt = min($0.accessExpiresAt, now) }
    }

    /// Makes the account's upstream refresh fail (or work again): once its access token has expired,
    /// exchanges for it answer `invalid_grant` as when the provider refuses the refresh token.
    public func setRefreshFails(_ id: String, _ fails: Bool) throws(OAuthError) {
        try change(id) { $0.refreshFails = fails }
    }

    /// Replaces the scopes the user granted upstream.
    public func setScopes(_ id: String, _ scopes: [String]) throws(OAuthError) {
        try change(id) { $0.scopes = Scope.join(scopes) }
    }

    private func change(_ id: String, _ body: (inout VaultAccountRecord) -> Void) throws(OAuthError) {
        var record = try account(id)
        body(&record)
        let changed = record
        try storeStep { try store.saveVaultAccount(changed) }
    }

    /// Stores the scenario's connected accounts (once; later starts keep their run-time state), in one
    /// transaction.
    func seed() throws {
        let now = clock.nowSeconds()
        // Each connection's provider once, not once per account.
        let kinds = config.connections.mapValues(\.upstream)
        let users = config.scenario.users
        let records = try TwoHalves.map(users.count, above: Self.usersSeededInOnePass) { range in
            Self.seededAccounts(of: users, range, kinds: kinds, now: now)
        }
        try store.insertVaultAccounts(records, ignoreExisting: true)
        // Tens of thousands of strings: freed once the process serves.
        if records.count > Self.usersSeededInOnePass { StartLeftovers.shared.keep(records) }
    }

    /// How many users' accounts are made on one thread; a longer list is made in two halves at once.
    static let usersSeededInOnePass = 1000

    /// The vault rows of the connected accounts of `users[range]`, in order, with fresh upstream tokens.
    private static func seededAccounts(
        of users: [UserConfig], _ range: Range<Int>, kinds: [String: UpstreamKind], now: Int
    ) -> [VaultAccountRecord] {
        var records: [VaultAccountRecord] = []
        // users are read in place: copying each user retains all its values
        let accounts = range.reduce(0) { $0 + users[$1].connectedAccounts.count }
        records.reserveCapacity(accounts)
        var batch = RandomToken.Batch(bytes: accounts * UpstreamTokens.maxBytesPerAccount)
        let random = { (prefix: String, bytes: Int) in batch.make(prefix: prefix, bytes: bytes) }
        for i in range where !users[i].connectedAccounts.isEmpty {
            let sub = users[i].sub
            for (index, account) in users[i].connectedAccounts.enumerated() {
                let kind = kinds[account.connection] ?? .other
                let record = VaultAccountRecord(
                    id: UpstreamTokens.seededAccountID(user: sub, connection: account.connection, index: index),
                    userSub: sub, connection: account.connection, loginHint: account.loginHint,
                    providerUserID: account.userID,
                    scopes: Scope.join(account.scopes),
                    accessToken: account.accessToken ?? UpstreamTokens.accessToken(for: kind, random: random),
                    accessExpiresAt: now + account.expiresIn, accessLifetime: account.expiresIn,
                    refreshToken: account.refreshToken
                        ? UpstreamTokens.refreshToken(for: kind, random: random) : nil,
                    revoked: account.revoked,
                    createdAt: now)
                records.append(record)
            }
        }
        return records
    }

}
