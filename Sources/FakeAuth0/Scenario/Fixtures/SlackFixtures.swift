import Foundation

/// A Slack workspace in a fixture: the team, its members and channels with their messages.
public struct SlackFixture: Sendable, Codable, Equatable {
    public var team: SlackTeamFixture?
    /// The Slack user id of the token's owner; the first user when absent.
    public var user: String?
    public var users: [SlackUserFixture]
    public var channels: [SlackChannelFixture]

    enum CodingKeys: String, CodingKey, CaseIterable { case team, user, users, channels }

    public init(
        team: SlackTeamFixture? = nil, user: String? = nil, users: [SlackUserFixture] = [],
        channels: [SlackChannelFixture] = []
    ) {
        self.team = team
        self.user = user
        self.users = users
        self.channels = channels
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            team: try c.decodeIfPresent(SlackTeamFixture.self, forKey: .team),
            user: try c.decodeIfPresent(String.self, forKey: .user),
            users: try c.decode([SlackUserFixture].self, forKey: .users, default: []),
            channels: try c.decode([SlackChannelFixture].self, forKey: .channels, default: []))
    }
}

/// The Slack team (workspace).
public struct SlackTeamFixture: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    /// The subdomain: `https://{domain}.slack.com/`.
    public var domain: String

    enum CodingKeys: String, CodingKey, CaseIterable { case id, name, domain }

    public init(id: String = "T0FAKE0001", name: String = "Example", domain: String = "example") {
        self.id = id
        self.name = name
        self.domain = domain
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SlackTeamFixture()
        self.init(
            id: try c.decode(String.self, forKey: .id, default: defaults.id),
            name: try c.decode(String.self, forKey: .name, default: defaults.name),
            domain: try c.decode(String.self, forKey: .domain, default: defaults.domain))
    }
}

/// A member of the Slack workspace.
public struct SlackUserFixture: Sendable, Codable, Equatable {
    public var id: String
    /// The handle (`alice`).
    public var name: String
    public var realName: String?
    public var email: String?
    public var title: String?
    public var tz: String?
    public var isBot: Bool
    public var isAdmin: Bool
    public var deleted: Bool

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, email, title, tz, deleted
        case realName = "real_name"
        case isBot = "is_bot"
        case isAdmin = "is_admin"
    }

    public init(
        id: String, name: String, realName: String? = nil, email: String? = nil, title: String? = nil,
        tz: String? = nil,
        isBot: Bool = false, isAdmin: Bool = false, deleted: Bool = false
    ) {
        self.id = id
        self.name = name
        self.realName = realName
        self.email = email
        self.title = title
        self.tz = tz
        self.isBot = isBot
        self.isAdmin = isAdmin
        self.deleted = deleted
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
            realName: try c.decodeIfPresent(String.self, forKey: .realName),
            email: try c.decodeIfPresent(String.self, forKey: .email),
            title: try c.decodeIfPresent(String.self, forKey: .title),
            tz: try c.decodeIfPresent(String.self, forKey: .tz),
            isBot: try c.decode(Bool.self, forKey: .isBot, default: false),
            isAdmin: try c.decode(Bool.self, forKey: .isAdmin, default: false),
            deleted: try c.decode(Bool.self, forKey: .deleted, default: false))
    }
}

/// A channel of the Slack workspace.
public struct SlackChannelFixture: Sendable, Codable, Equatable {
    /// The channel id; derived from the name when absent.
    public var id: String?
    public var name: String
    public var `private`: Bool
    public var archived: Bool
    /// The workspace's `#general`.
    public var general: Bool
    public var topic: String?
    public var purpose: String?
    /// Member user ids; every user for a public channel and only the token's owner for a private one when absent.
    public var members: [String]?
    public var created: String?
    /// The history, oldest first.
    public var messages: [SlackMessageFixture]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, `private`, archived, general, topic, purpose, members, created, messages
    }

    public init(
        id: String? = nil, name: String, private: Bool = false, archived: Bool = false, general: Bool = false,
        topic: String? = nil,
        purpose: String? = nil, members: [String]? = nil, created: String? = nil, messages: [SlackMessageFixture] = []
    ) {
        self.id = id
        self.name = name
        self.private = `private`
        self.archived = archived
        self.general = general
        self.topic = topic
        self.purpose = purpose
        self.members = members
        self.created = created
        self.messages = messages
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decodeIfPresent(String.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
            private: try c.decode(Bool.self, forKey: .private, default: false),
            archived: try c.decode(Bool.self, forKey: .archived, default: false),
            general: try c.decode(Bool.self, forKey: .general, default: false),
            topic: try c.decodeIfPresent(String.self, forKey: .topic),
            purpose: try c.decodeIfPresent(String.self, forKey: .purpose),
            members: try c.decodeIfPresent([String].self, forKey: .members),
            created: try c.decodeIfPresent(String.self, forKey: .created),
            messages: try c.decode([SlackMessageFixture].self, forKey: .messages, default: []))
    }
}

/// A message in a channel's history.
public struct SlackMessageFixture: Sendable, Codable, Equatable {
    /// The author's user id; the token's owner when absent.
    public var user: String?
    public var text: String
    /// When it was posted: a fixture time; its `ts` is derived from it.
    public var at: String

    enum CodingKeys: String, CodingKey, CaseIterable { case user, text, at }

    public init(user: String? = nil, text: String, at: String = "now") {
        self.user = user
        self.text = text
        self.at = at
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            user: try c.decodeIfPresent(String.self, forKey: .user), text: try c.decode(String.self, forKey: .text),
            at: try c.decode(String.self, forKey: .at, default: "now"))
    }
}
