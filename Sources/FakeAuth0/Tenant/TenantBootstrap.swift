import Foundation

extension Tenant {
    /// Builds a tenant from a validated scenario and a store: loads its signing key (the scenario's
    /// pinned one, the stored one, or a new one it stores), then seeds the scenario's refresh tokens
    /// and Token Vault accounts (rows that already exist are kept) and the FGA stores (in memory).
    /// Without a `journal`, it gets one of the scenario's `journal_size`. With `sharedKeys` (the tenants
    /// of one process) those sign, unless the scenario pins its own key; each tenant rotates its own
    /// copy of the ring. A rotated ring is kept in the store (a pinned key's rotations are not).
    public static func start(
        scenario: Scenario, store: StateStore, clock: TenantClock = TenantClock(), journal: Journal? = nil,
        sharedKeys: SigningKeyRing? = nil
    ) async throws -> Tenant {
        if let sharedKeys, scenario.tenant.signingKey == nil {
            return try await start(
                scenario: scenario, store: store, clock: clock, journal: journal,
                keys: sharedKeys.sharing(clock: clock, store: store))
        }
        let records: [SigningKeyRecord]
        var keyStore: StateStore? = store
        if let pinned = scenario.tenant.signingKey {
            records = [SigningKeyRecord(kid: "", pem: pinned, createdAt: clock.nowSeconds())]
            keyStore = nil
        } else if case let stored = try store.signingKeys(), !stored.isEmpty {
            records = stored
        } else {
            let key = try RingKey(
                pem: try await SigningKeyRing.generatePrivateKeyPEMOffPool(), createdAt: clock.nowSeconds())
            let record = SigningKeyRecord(kid: key.kid, pem: key.pem, createdAt: key.createdAt)
            try store.saveSigningKey(record)
            records = [record]
        }
        return try await start(
            scenario: scenario, store: store, clock: clock, journal: journal,
            keys: try await SigningKeyRing(records: records, clock: clock, store: keyStore))
    }

    private static func start(
        scenario: Scenario, store: StateStore, clock: TenantClock, journal: Journal?, keys: SigningKeyRing
    ) async throws -> Tenant {
        let config = TenantConfig(scenario)
        let tenant = Tenant(
            config: config, store: store, clock: clock, keys: keys,
            authenticator: try await ClientAuthenticator(
                clients: ClientDirectory(scenario: config.clients, store: store), clock: clock),
            journal: journal ?? Journal(capacity: scenario.tenant.journalSize, clock: clock),
            fgaStores: try FGAService.seed(scenario.fga, now: clock.now()))
        try tenant.seedRefreshTokens()
        try tenant.vault.seed()
        return tenant
    }

    /// Stores the scenario's `refresh_tokens`, as if the users had logged in before (one transaction).
    func seedRefreshTokens() throws {
        let now = clock.nowSeconds()
        let records = config.scenario.refreshTokens.map { seed in
            RefreshTokenRecord(
                token: seed.token, familyID: seed.token, clientID: seed.client, userSub: seed.user,
                scope: Scope.join(Scope.parse(seed.scope)), audience: seed.audience, createdAt: now,
                expiresAt: now + config.settings.refreshTokenLifetime)
        }
        try store.insertRefreshTokens(records, ignoreExisting: true)
    }
}
