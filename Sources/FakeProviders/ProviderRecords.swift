import FakeAuth0
import Foundation

/// One thing an agent wrote through a stub API, with whose it is and when, for the control API.
public struct ProviderRecord<Value: Sendable>: Sendable {
    public var user: String
    public var value: Value
    /// When it was first stored, on the tenant clock.
    public var createdAt: Int
}

extension Providers {
    func records<T: Decodable & Sendable>(_ kind: ProviderWrites.Kind, user: String?, as type: T.Type)
        throws(OAuthError) -> [ProviderRecord<T>]
    {
        do {
            return try writes.all(kind, user: user, as: type).map {
                ProviderRecord(user: $0.user, value: $0.value, createdAt: $0.createdAt)
            }
        } catch let error as OAuthError {
            throw error
        } catch {
            throw .serverError("state store: \(error)")
        }
    }

    /// Salesforce records created, updated or deleted through the REST API, in the order first written.
    public func salesforceRecords(user: String? = nil) throws(OAuthError) -> [ProviderRecord<StoredSObject>] {
        try records(.salesforceRecord, user: user, as: StoredSObject.self)
    }

    /// Mail sent through Microsoft Graph, oldest first.
    public func graphSentMail(user: String? = nil) throws(OAuthError) -> [ProviderRecord<GraphMessage>] {
        try records(.graphMessage, user: user, as: GraphMessage.self)
    }

    /// Events created through Microsoft Graph, oldest first.
    public func graphEvents(user: String? = nil) throws(OAuthError) -> [ProviderRecord<GraphEvent>] {
        try records(.graphEvent, user: user, as: GraphEvent.self)
    }

    /// Calls the declared stub APIs accepted, oldest first, optionally of one connection.
    public func upstreamCalls(user: String? = nil, connection: String? = nil) throws(OAuthError) -> [ProviderRecord<
        UpstreamCall
    >] {
        try records(.upstreamCall, user: user, as: UpstreamCall.self).filter {
            connection == nil || $0.value.connection == connection
        }
    }

    /// Mail sent through Gmail, oldest first.
    public func sentMail(user: String? = nil) throws(OAuthError) -> [ProviderRecord<MailMessage>] {
        try records(.mail, user: user, as: MailMessage.self)
    }

    /// Drafts created through Gmail, oldest first.
    public func drafts(user: String? = nil) throws(OAuthError) -> [ProviderRecord<MailDraft>] {
        try records(.draft, user: user, as: MailDraft.self)
    }

    /// Calendar events inserted, changed or deleted (`status: cancelled`) through the Calendar API.
    public func calendarChanges(user: String? = nil) throws(OAuthError) -> [ProviderRecord<CalendarEvent>] {
        try records(.event, user: user, as: CalendarEvent.self)
    }

    /// Slack messages posted, oldest first, optionally in one channel.
    public func slackMessages(user: String? = nil, channel: String? = nil) throws(OAuthError) -> [ProviderRecord<
        SlackMessage
    >] {
        try records(.slackMessage, user: user, as: SlackMessage.self).filter {
            channel == nil || $0.value.channel == channel
        }
    }

    /// GitHub issues created, oldest first.
    public func githubIssues(user: String? = nil) throws(OAuthError) -> [ProviderRecord<GitHubIssue>] {
        try records(.issue, user: user, as: GitHubIssue.self)
    }

    /// Calls to the protected first-party APIs, oldest first.
    public func apiCalls(user: String? = nil) throws(OAuthError) -> [ProviderRecord<ProtectedAPICall>] {
        try records(.apiCall, user: user, as: ProtectedAPICall.self)
    }

    /// Forgets everything written through the stub APIs; the fixtures stay.
    public func reset() throws(OAuthError) {
        do { try tenant.store.deleteProviderItems() } catch { throw .serverError("state store: \(error)") }
    }

    /// The user's fixtures as resolved at start (with relative times turned into instants).
    public func world(user: String) -> UserWorld { world.world(for: user, config: tenant.config) }
}
