import FakeAuth0
import Foundation

/// A Slack workspace as one user's token sees it.
public struct SlackWorkspace: Sendable, Equatable {
    public var team: SlackTeamFixture
    /// The token owner's user id.
    public var selfID: String
    public var users: [SlackUserFixture]
    public var channels: [SlackChannel]
    /// The fixture history of every channel.
    public var messages: [SlackMessage]

    /// The token owner.
    public var me: SlackUserFixture? { users.first { $0.id == selfID } }
}

/// A channel (public or private) of the workspace.
public struct SlackChannel: Sendable, Equatable {
    public var id: String
    public var name: String
    public var isPrivate: Bool
    public var archived: Bool
    public var general: Bool
    public var topic: String?
    public var purpose: String?
    public var members: [String]
    public var created: Int
    public var creator: String
}

/// A message in a channel: from the fixtures or posted through the API.
public struct SlackMessage: Sendable, Codable, Equatable {
    public var channel: String
    /// Slack's message id and timestamp, `1764000000.000100`.
    public var ts: String
    public var user: String
    public var text: String
    public var threadTS: String?
    /// Block Kit blocks as posted, if any.
    public var blocks: JSONValue?

    /// `ts` as (seconds, fraction) for exact ordering.
    var order: (Int, Int) {
        let parts = ts.split(separator: ".")
        return (Int(parts.first ?? "") ?? 0, Int(parts.count > 1 ? parts[1] : "") ?? 0)
    }
}
