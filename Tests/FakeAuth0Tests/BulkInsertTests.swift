import Foundation
import GRDB
import Testing

@testable import FakeAuth0

@Suite("rows seeded in bulk")
struct BulkInsertTests {
    static func account(_ id: String, token: String, optionals: Bool) -> VaultAccountRecord {
        VaultAccountRecord(
            id: id, userSub: "auth0|\(id)", connection: "google-oauth2",
            loginHint: optionals ? "\(id)@gmail.example" : nil, providerUserID: optionals ? "g-\(id)" : nil,
            scopes: "openid email", accessToken: token, accessExpiresAt: 1_700_003_600, accessLifetime: 3600,
            refreshToken: optionals ? "rt-\(id)" : nil, revoked: optionals, createdAt: 1_700_000_000,
            refreshFails: !optionals)
    }

    @Test("vault accounts read back as they were written, NULLs and booleans included")
    func vaultAccountsRoundTrip() throws {
        let store = try StateStore.inMemory()
        let records = [
            Self.account("a1", token: "at-1", optionals: true), Self.account("a2", token: "at-2", optionals: false),
        ]
        try store.insertVaultAccounts(records)
        #expect(try store.vaultAccount(id: "a1") == records[0])
        #expect(try store.vaultAccount(id: "a2") == records[1])
        #expect(try store.vaultAccount(accessToken: "at-2")?.id == "a2")
    }

    @Test("an existing account is kept when told to ignore it, and otherwise refuses the whole batch")
    func existingAccounts() throws {
        let store = try StateStore.inMemory()
        let first = Self.account("a1", token: "at-1", optionals: true)
        try store.insertVaultAccounts([first])
        var changed = first
        changed.scopes = "openid"
        try store.insertVaultAccounts(
            [changed, Self.account("a2", token: "at-2", optionals: false)], ignoreExisting: true)
        #expect(try store.vaultAccount(id: "a1") == first)
        #expect(try store.vaultAccount(id: "a2") != nil)

        let error = #expect(throws: DatabaseError.self) {
            try store.insertVaultAccounts([Self.account("a3", token: "at-3", optionals: true), changed])
        }
        #expect(error?.resultCode == .SQLITE_CONSTRAINT)
        #expect(try store.vaultAccount(id: "a3") == nil, "the batch is one transaction")
    }

    @Test("refresh tokens read back as they were written")
    func refreshTokensRoundTrip() throws {
        let store = try StateStore.inMemory()
        let records = [
            RefreshTokenRecord(
                token: "rt-1", familyID: "f1", clientID: "web", userSub: "auth0|alice", scope: "openid offline_access",
                audience: "https://api.example.com/", createdAt: 10, expiresAt: 20, usedAt: 15, revokedAt: 16),
            RefreshTokenRecord(
                token: "rt-2", familyID: "f2", clientID: "web", userSub: "auth0|bob", scope: "openid",
                audience: nil, createdAt: 10, expiresAt: 20, usedAt: nil, revokedAt: nil),
        ]
        try store.insertRefreshTokens(records)
        #expect(try store.refreshToken("rt-1") == records[0])
        #expect(try store.refreshToken("rt-2") == records[1])
    }
}
