import Foundation

/// A request's proven right to a provider API: the vault account its token belongs to, the scopes the
/// user granted upstream, and that user's provider data.
public struct ProviderAccess: Sendable {
    public let account: VaultAccountRecord
    public let provider: Provider
    /// The upstream scopes, Google's short forms (`gmail.readonly`) expanded to full URIs.
    public let scopes: [String]
    /// The user's fixtures, resolved.
    public let world: UserWorld

    /// The user's sub.
    public var user: String { account.userSub }

    /// Passes when the token carries at least one of `anyOf`; otherwise fails as the provider does.
    public func require(anyOf needed: [String]) throws(ProviderAuthFailure) {
        guard needed.contains(where: scopes.contains) else { throw .insufficientScope(needed: needed, granted: scopes) }
    }

    /// Whether the token carries at least one of `anyOf`.
    public func has(anyOf needed: [String]) -> Bool { needed.contains(where: scopes.contains) }

    /// Expands Google's short scope names to the URIs Google grants.
    static func normalized(_ scopes: [String], provider: Provider) -> [String] {
        guard provider == .google else { return scopes }
        return scopes.map { scope in
            if scope.contains("://") || ["openid", "email", "profile"].contains(scope) { return scope }
            return GoogleScopes.prefix + scope
        }
    }
}

/// Google's OAuth scope URIs the stubs check.
public enum GoogleScopes {
    public static let prefix = "https://www.googleapis.com/auth/"
    static func uris(_ names: String...) -> [String] { names.map { $0.contains("://") ? $0 : prefix + $0 } }

    /// Reading mail: list, get, threads.
    public static let mailRead = uris("gmail.readonly", "gmail.modify", "https://mail.google.com/")
    /// The mailbox profile.
    public static let mailProfile = uris(
        "gmail.readonly", "gmail.modify", "gmail.compose", "gmail.metadata", "https://mail.google.com/")
    /// Sending mail.
    public static let mailSend = uris("gmail.send", "gmail.compose", "gmail.modify", "https://mail.google.com/")
    /// Creating and listing drafts.
    public static let mailDrafts = uris("gmail.compose", "gmail.modify", "https://mail.google.com/")
    /// Reading events.
    public static let eventsRead = uris(
        "calendar", "calendar.readonly", "calendar.events", "calendar.events.readonly", "calendar.events.owned",
        "calendar.events.owned.readonly")
    /// Creating, changing and deleting events.
    public static let eventsWrite = uris("calendar", "calendar.events", "calendar.events.owned")
    /// The calendar list.
    public static let calendarList = uris(
        "calendar", "calendar.readonly", "calendar.calendarlist", "calendar.calendarlist.readonly")

    /// Free/busy: any Calendar scope.
    static func allowsFreeBusy(_ scopes: [String]) -> Bool { scopes.contains { $0.hasPrefix(prefix + "calendar") } }
}

extension Tenant {
    /// The stub provider APIs: token checks, the users' data and what the agents wrote.
    public var providers: Providers { Providers(tenant: self) }
}

/// The stub Google, GitHub and Slack APIs and the protected first-party APIs, as plain Swift calls.
public struct Providers: Sendable {
    let tenant: Tenant

    /// Checks a bearer token as `provider` would: one the vault handed out for a connection of that
    /// provider, not expired on the tenant clock, not revoked.
    public func access(token: String?, provider: Provider) throws(ProviderAuthFailure) -> ProviderAccess {
        guard let token, !token.isEmpty else { throw .missingToken }
        guard let account = try? tenant.vault.account(accessToken: token) else { throw .invalidToken }
        let connection = tenant.config.connections[account.connection]
        guard provider.owns(connection: account.connection, strategy: connection?.strategy) else { throw .invalidToken }
        if account.revoked { throw .revoked }
        guard account.accessExpiresAt > tenant.clock.nowSeconds() else { throw .expired }
        return ProviderAccess(
            account: account, provider: provider,
            scopes: ProviderAccess.normalized(account.scopeList, provider: provider),
            world: tenant.providerWorld.world(for: account.userSub, config: tenant.config))
    }

    /// Gmail for the token's user.
    public func gmail(_ access: ProviderAccess) -> Mailbox { Mailbox(tenant: tenant, access: access) }
    /// Google Calendar for the token's user.
    public func calendar(_ access: ProviderAccess) -> CalendarService {
        CalendarService(tenant: tenant, access: access)
    }
    /// GitHub for the token's user.
    public func github(_ access: ProviderAccess) -> GitHubService { GitHubService(tenant: tenant, access: access) }
    /// Slack for the token's user.
    public func slack(_ access: ProviderAccess) -> SlackService { SlackService(tenant: tenant, access: access) }

    /// The scenario's settings for the stub APIs.
    public var settings: ProviderSettings { tenant.config.scenario.providers }
}
