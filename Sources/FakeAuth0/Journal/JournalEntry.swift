import Foundation

/// One thing the tenant did, as the journal keeps it: a domain event (`token.issued`,
/// `ciba.polled`…) or a plain `request`, with the request that caused it and when. Never holds a
/// secret: tokens appear only as fingerprints (`JournalFingerprint`), never client secrets or passwords.
public struct JournalEntry: Sendable, Equatable {
    /// Increases by one per entry, from 1; kept across `clear()`.
    public var sequence: Int
    /// The tenant clock's time when the event happened.
    public var tenantTime: Date
    /// The machine's time when the event happened.
    public var wallTime: Date
    /// The HTTP method and path (without the query) of the request that caused it; nil for a Swift call.
    public var method: String?
    public var path: String?
    /// The response status of that request.
    public var status: Int?
    /// The client and the user it concerns, when known.
    public var client: String?
    public var user: String?
    /// The event name, dot-separated (`token.issued`); see docs/journal.md.
    public var event: String
    /// The event's own fields.
    public var details: [String: JSONValue]

    /// The entry as the control API and the JSON-lines file write it.
    public var json: [String: JSONValue] {
        var body: [String: JSONValue] = [
            "seq": .int(sequence), "time": .string(RFC3339.format(tenantTime, milliseconds: true)),
            "wall_time": .string(RFC3339.format(wallTime, milliseconds: true)), "event": .string(event),
            "details": .object(details),
        ]
        if let method { body["method"] = .string(method) }
        if let path { body["path"] = .string(path) }
        if let status { body["status"] = .int(status) }
        if let client { body["client"] = .string(client) }
        if let user { body["user"] = .string(user) }
        return body
    }
}
