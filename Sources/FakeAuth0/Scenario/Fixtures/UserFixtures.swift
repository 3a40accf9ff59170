import Foundation

/// Everything the stub provider APIs know about one user: a Gmail mailbox, Google calendars, a GitHub
/// account and a Slack workspace. In a scenario's `fixtures` mapping each user's entry is either this
/// mapping inline or the path of a fixture file or directory, relative to the scenario file.
public struct UserFixtures: Sendable, Codable, Equatable {
    /// The file or directory the fixtures come from, as written in the scenario (nil when inline).
    public var source: String?
    /// The time zone relative times and `after:`/`before:` dates are read in (an IANA name, default `UTC`).
    public var timeZone: String?
    public var gmail: MailboxFixture?
    public var calendar: CalendarFixture?
    public var github: GitHubFixture?
    public var slack: SlackFixture?
    public var salesforce: SalesforceFixture?
    public var microsoft: MicrosoftFixture?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case gmail, calendar, github, slack, salesforce, microsoft
        case timeZone = "time_zone"
    }

    public init(
        source: String? = nil, timeZone: String? = nil, gmail: MailboxFixture? = nil, calendar: CalendarFixture? = nil,
        github: GitHubFixture? = nil, slack: SlackFixture? = nil,
        salesforce: SalesforceFixture? = nil, microsoft: MicrosoftFixture? = nil
    ) {
        self.source = source
        self.timeZone = timeZone
        self.gmail = gmail
        self.calendar = calendar
        self.github = github
        self.slack = slack
        self.salesforce = salesforce
        self.microsoft = microsoft
    }

    public init(from decoder: any Decoder) throws {
        if let path = try? decoder.singleValueContainer().decode(String.self) {
            self.init(source: path)
            return
        }
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            timeZone: try c.decodeIfPresent(String.self, forKey: .timeZone),
            gmail: try c.decodeIfPresent(MailboxFixture.self, forKey: .gmail),
            calendar: try c.decodeIfPresent(CalendarFixture.self, forKey: .calendar),
            github: try c.decodeIfPresent(GitHubFixture.self, forKey: .github),
            slack: try c.decodeIfPresent(SlackFixture.self, forKey: .slack),
            salesforce: try c.decodeIfPresent(SalesforceFixture.self, forKey: .salesforce),
            microsoft: try c.decodeIfPresent(MicrosoftFixture.self, forKey: .microsoft))
    }

    /// What `init(from:)` reads, straight from the YAML tree (see `YAMLReader`): a path, or the
    /// fixtures inline through their `Decodable` conformances.
    init(yaml reader: YAMLReader) throws {
        if case .scalar(let scalar) = reader.value {
            self.init(source: scalar.text)
            return
        }
        self = try reader.decode(UserFixtures.self)
    }

    /// The IANA time zone, UTC when unset or unknown.
    public var zone: TimeZone { timeZone.flatMap(TimeZone.init(identifier:)) ?? RFC3339.utc }
}

extension KeyedDecodingContainer {
    /// A list of strings that may also be written as one string (`to: bob@example.com`).
    func decodeStringList(forKey key: Key) throws -> [String] {
        if let one = try? decodeIfPresent(String.self, forKey: key) { return [one] }
        return try decodeIfPresent([String].self, forKey: key) ?? []
    }
}
