import Foundation

/// Which journal entries to read: all filters optional, combined with "and".
public struct JournalQuery: Sendable, Equatable {
    /// The most entries one query returns.
    public static let maxLimit = 10_000

    /// An event name or a pattern with `*` wildcards (`ciba.*`, `*.refused`).
    public var event: String?
    public var client: String?
    public var user: String?
    /// Only entries with a sequence number greater than this.
    public var since: Int?
    /// At most this many entries (the oldest matching first), 1...`maxLimit`.
    public var limit: Int?

    public init(
        event: String? = nil, client: String? = nil, user: String? = nil, since: Int? = nil, limit: Int? = nil
    ) {
        self.event = event
        self.client = client
        self.user = user
        self.since = since
        self.limit = limit
    }

    /// A query from text parameters (the control API's query string), range-checked.
    public init(parameters: [String: String]) throws(OAuthError) {
        event = parameters["event"].flatMap { $0.isEmpty ? nil : $0 }
        client = parameters["client"].flatMap { $0.isEmpty ? nil : $0 }
        user = parameters["user"].flatMap { $0.isEmpty ? nil : $0 }
        if let text = parameters["since"] {
            guard let value = Int(text), value >= 0 else {
                throw .invalidRequest("since must be a sequence number (an integer >= 0)")
            }
            since = value
        }
        if let text = parameters["limit"] {
            guard let value = Int(text), (1...Self.maxLimit).contains(value) else {
                throw .invalidRequest("limit must be an integer from 1 to \(Self.maxLimit)")
            }
            limit = value
        }
    }

    /// Whether `entry` passes every filter but `limit`.
    public func matches(_ entry: JournalEntry) -> Bool {
        if let since, entry.sequence <= since { return false }
        if let client, entry.client != client { return false }
        if let user, entry.user != user { return false }
        if let event {
            if event.contains("*") {
                if !Glob.matches(event, entry.event) { return false }
            } else if entry.event != event {
                return false
            }
        }
        return true
    }
}
