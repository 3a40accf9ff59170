import FakeAuth0
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
    let journal: Journal

    /// The user's sub.
    public var user: String { account.userSub }

    /// Passes when the token carries at least one of `anyOf`; otherwise fails as the provider does.
    public func require(anyOf needed: [String]) throws(ProviderAuthFailure) {
        guard needed.contains(where: scopes.contains) else {
            journal.record(
                "provider.refused", user: user,
                details: [
                    "provider": .string(provider.rawValue), "reason": "missing scope",
                    "needed": .array(needed.map(JSONValue.string)), "granted": .array(scopes.map(JSONValue.string)),
                ])
            throw .insufficientScope(needed: needed, granted: scopes)
        }
    }

    /// Whether the token carries at least one of `anyOf`.
    public func has(anyOf needed: [String]) -> Bool { needed.contains(where: scopes.contains) }

    /// Expands Google's short scope names to the URIs Google grants.
    static func normalized(_ scopes: [String], provider: Provider) -> [String] {
        if provider == .microsoft {
            // Graph permissions may be granted as `https://graph.microsoft.com/Mail.Read`.
            return scopes.map {
                $0.hasPrefix("https://graph.microsoft.com/")
                    ? String($0.dropFirst("https://graph.microsoft.com/".count)) : $0
            }
        }
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
