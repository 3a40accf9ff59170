import Foundation
import Synchronization

extension Tenant {
    /// Puts the tenant back in its scenario's initial state: forgets CIBA requests, rule sequence
    /// positions and armed decisions, vault changes, refresh tokens issued or rotated, sessions, codes,
    /// Connected Accounts sessions, provider writes and faults added at run time; seeds the scenario's
    /// refresh tokens, vault accounts, FGA stores and faults again; and sets the clock back to real time, running. Keys (and the CA) stay, so tokens
    /// and JWKS clients hold keep verifying.
    public func reset() throws {
        try store.clearRunTimeState()
        authenticator.usedAssertionIDs.withLock { $0.removeAll() }
        clock.reset()
        try seedRefreshTokens()
        try vault.seed()
        try fga.reseed()
        faults.reseed()
        tokenSkew.reset()
    }
}

extension Tenant {
    /// A tenant for `scenario` in its initial state, to take this one's place: the same signing keys
    /// (unless the scenario pins its own) and clock (reset); a fresh store when this one lives in
    /// memory, else this store, cleared.
    public func replacement(for scenario: Scenario) async throws -> Tenant {
        let next: StateStore
        if store.isInMemory {
            next = try StateStore.inMemory()
        } else {
            next = store
            try next.clearRunTimeState()
        }
        clock.reset()
        return try await Tenant.start(scenario: scenario, store: next, clock: clock, journal: journal, sharedKeys: keys)
    }
}
