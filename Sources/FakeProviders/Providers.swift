import FakeAuth0
import Foundation

/// The stub Google, GitHub and Slack APIs and the protected first-party APIs of one tenant, as plain
/// Swift calls: token checks, the users' data resolved from their fixtures, and what the agents wrote.
public final class Providers: Sendable {
    public let tenant: Tenant
    let writes: ProviderWrites
    /// The users' fixtures, resolved against the instant the tenant started.
    let world: ProviderWorld
    /// Open Salesforce query cursors.
    let cursors = SOQLCursors()

    /// The stub APIs of `tenant`. Build one per tenant and share it: it keeps each user's resolved fixtures.
    public init(tenant: Tenant) {
        self.tenant = tenant
        writes = ProviderWrites(store: tenant.store, clock: tenant.clock, journal: tenant.journal)
        world = ProviderWorld(config: tenant.config, now: tenant.startedAt)
    }

    /// Checks a bearer token as `provider` would: one the vault handed out for a connection of that
    /// provider, not expired on the tenant clock, not revoked.
    public func access(token: String?, provider: Provider) throws(ProviderAuthFailure) -> ProviderAccess {
        func refuse(_ failure: ProviderAuthFailure, _ reason: String, user: String? = nil) -> ProviderAuthFailure {
            var details: [String: JSONValue] = ["provider": .string(provider.rawValue), "reason": .string(reason)]
            if let token, !token.isEmpty { details["token"] = .string(JournalFingerprint.of(token)) }
            tenant.journal.record("provider.refused", user: user, details: details)
            return failure
        }
        guard let token, !token.isEmpty else { throw refuse(.missingToken, "missing token") }
        guard let account = try? tenant.vault.account(accessToken: token) else {
            throw refuse(.invalidToken, "unknown token")
        }
        guard provider.owns(tenant.config.connections[account.connection]) else {
            throw refuse(.invalidToken, "wrong provider's token (\(account.connection))", user: account.userSub)
        }
        if account.revoked { throw refuse(.revoked, "revoked", user: account.userSub) }
        guard account.accessExpiresAt > tenant.clock.nowSeconds() else {
            throw refuse(.expired, "expired", user: account.userSub)
        }
        return ProviderAccess(
            account: account, provider: provider,
            scopes: ProviderAccess.normalized(account.scopeList, provider: provider),
            world: world.world(for: account.userSub, config: tenant.config), journal: tenant.journal)
    }

    /// Gmail for the token's user.
    public func gmail(_ access: ProviderAccess) -> Mailbox {
        Mailbox(clock: tenant.clock, writes: writes, access: access)
    }
    /// Google Calendar for the token's user.
    public func calendar(_ access: ProviderAccess) -> CalendarService {
        CalendarService(clock: tenant.clock, writes: writes, access: access)
    }
    /// GitHub for the token's user.
    public func github(_ access: ProviderAccess) -> GitHubService {
        GitHubService(clock: tenant.clock, writes: writes, access: access)
    }
    /// Slack for the token's user.
    public func slack(_ access: ProviderAccess) -> SlackService {
        SlackService(clock: tenant.clock, writes: writes, access: access)
    }

    /// Salesforce for the token's user.
    public func salesforce(_ access: ProviderAccess) -> SalesforceService {
        SalesforceService(clock: tenant.clock, writes: writes, cursors: cursors, access: access)
    }
    /// Microsoft Graph for the token's user.
    public func graph(_ access: ProviderAccess) -> GraphService {
        GraphService(clock: tenant.clock, writes: writes, access: access)
    }
    /// The stub APIs the scenario declares per connection.
    public var upstream: UpstreamAPIs { UpstreamAPIs(tenant: tenant, writes: writes) }

    /// The scenario's settings for the stub APIs.
    public var settings: ProviderSettings { tenant.config.scenario.providers }
}
