import FakeAuth0
import Foundation
import Synchronization

/// One user's provider data, resolved from their fixtures against the instant the tenant started: relative
/// times become instants, absent ids and defaults are filled in. What agents write lives in the state store
/// and is laid over this.
public struct UserWorld: Sendable {
    public let sub: String
    public let timeZone: TimeZone
    /// The Gmail address.
    public let mailAddress: String
    public let messages: [MailMessage]
    public let calendars: [CalendarInfo]
    public let events: [CalendarEvent]
    public let githubUser: GitHubUser
    public let githubOrgs: [GitHubOrg]
    public let repos: [GitHubRepo]
    public let issues: [GitHubIssue]
    public let slack: SlackWorkspace
    /// The Salesforce org: schemas and records.
    public let salesforce: SalesforceOrg
    /// The Microsoft 365 mailbox and calendar.
    public let microsoft: GraphMailbox

    /// Resolves `fixtures` (empty when the user has none) for `user`, relative to `now`.
    init(user: UserConfig, fixtures: UserFixtures, now: Date) {
        sub = user.sub
        timeZone = fixtures.zone
        let zone = timeZone
        func time(_ text: String?, default fallback: String) -> Date {
            (FixtureTime(text ?? fallback) ?? FixtureTime(fallback))?.resolve(now: now, timeZone: zone) ?? now
        }
        let localPart = user.email.map { String($0.split(separator: "@").first ?? "") } ?? Self.slug(user.sub)
        let address = fixtures.gmail?.address ?? user.email ?? "\(localPart)@gmail.example"
        mailAddress = address

        messages = (fixtures.gmail?.messages ?? []).enumerated().map { index, fixture in
            let id = fixture.id ?? ProviderIDs.hex("\(user.sub)/gmail/\(index)")
            return MailMessage(
                id: id, threadID: fixture.threadID ?? id,
                labels: (fixture.labels ?? ["INBOX"]) + (fixture.unread ? ["UNREAD"] : []),
                from: fixture.from, to: fixture.to.isEmpty ? [address] : fixture.to, cc: fixture.cc,
                subject: fixture.subject,
                internalDate: Int(time(fixture.date, default: "now").timeIntervalSince1970 * 1000), text: fixture.body,
                html: fixture.html,
                messageID: fixture.messageID ?? "<\(id)@mail.gmail.example>")
        }

        let calendarFixture = fixtures.calendar ?? CalendarFixture()
        let entries =
            calendarFixture.calendars.isEmpty ? [CalendarEntryFixture(primary: true)] : calendarFixture.calendars
        let primaryIndex = entries.firstIndex(where: \.primary) ?? 0
        let calendarList = entries.enumerated().map { index, entry in
            let id =
                entry.id
                ?? (index == primaryIndex
                    ? address
                    : "\(ProviderIDs.hex("\(user.sub)/calendar/\(index)", length: 26))@group.calendar.google.com")
            return CalendarInfo(
                id: id, summary: entry.summary ?? (index == primaryIndex ? address : id),
                description: entry.description,
                timeZone: entry.timeZone ?? fixtures.timeZone ?? "UTC", primary: index == primaryIndex,
                accessRole: entry.accessRole)
        }
        calendars = calendarList
        events = calendarFixture.events.enumerated().map { index, fixture in
            let calendar = calendarList.first { $0.id == fixture.calendar } ?? calendarList[primaryIndex]
            return CalendarEvents.fromFixture(
                fixture, id: fixture.id ?? ProviderIDs.eventID("\(user.sub)/event/\(index)"), calendar: calendar,
                zone: zone, now: now)
        }

        let github = fixtures.github ?? GitHubFixture()
        let login = github.login ?? user.nickname ?? Self.slug(localPart)
        let githubUser = GitHubUser(
            login: login, id: github.id ?? ProviderIDs.number("github/user/\(login)", in: 1_000_000...99_999_999),
            name: github.name ?? user.name, email: github.email ?? user.email, company: github.company,
            location: github.location,
            bio: github.bio, blog: github.blog, created: time(github.created, default: "-730d"))
        let orgs = github.orgs.map {
            GitHubOrg(
                login: $0.login, id: $0.id ?? ProviderIDs.number("github/org/\($0.login)", in: 1_000_000...99_999_999),
                description: $0.description, isPublic: $0.public)
        }
        self.githubUser = githubUser
        githubOrgs = orgs
        var repos: [GitHubRepo] = []
        var issues: [GitHubIssue] = []
        for fixture in github.repos {
            let owner = fixture.owner ?? login
            let org = orgs.first { $0.login.caseInsensitiveCompare(owner) == .orderedSame }
            let affiliation =
                fixture.affiliation ?? (owner == login ? "owner" : org != nil ? "organization_member" : "collaborator")
            let repo = GitHubRepo(
                id: fixture.id
                    ?? ProviderIDs.number("github/repo/\(owner)/\(fixture.name)", in: 100_000_000...999_999_999),
                name: fixture.name,
                owner: owner,
                ownerID: owner == login
                    ? githubUser.id : org?.id ?? ProviderIDs.number("github/user/\(owner)", in: 1_000_000...99_999_999),
                ownerType: org == nil ? "User" : "Organization", isPrivate: fixture.private,
                description: fixture.description,
                language: fixture.language, homepage: fixture.homepage, topics: fixture.topics, stars: fixture.stars,
                forks: fixture.forks,
                defaultBranch: fixture.defaultBranch, archived: fixture.archived, fork: fixture.fork,
                affiliation: affiliation,
                created: time(fixture.created, default: "-365d"), updated: time(fixture.updated, default: "-1d"),
                pushed: time(fixture.pushed ?? fixture.updated, default: "-1d"))
            repos.append(repo)
            var next = (fixture.issues.compactMap(\.number).max() ?? 0) + 1
            for issue in fixture.issues {
                let number = issue.number ?? next
                if issue.number == nil { next += 1 }
                let created = time(issue.created, default: "-7d")
                issues.append(
                    GitHubIssue(
                        id: ProviderIDs.number(
                            "github/issue/\(repo.fullName)#\(number)", in: 1_000_000_000...2_999_999_999),
                        number: number,
                        repo: repo.fullName, title: issue.title, body: issue.body, state: issue.state,
                        labels: issue.labels,
                        user: issue.user ?? login, assignees: issue.assignees, comments: issue.comments,
                        created: created,
                        updated: issue.updated.map { time($0, default: "now") } ?? created,
                        closed: issue.state == "closed" ? created : nil))
            }
        }
        self.repos = repos
        self.issues = issues

        slack = Self.slackWorkspace(
            user: user, fixture: fixtures.slack ?? SlackFixture(), handle: Self.slug(login), time: time)
        salesforce = SalesforceOrg(
            fixtures.salesforce ?? SalesforceFixture(), sub: user.sub, name: user.name, email: user.email, start: now,
            timeZone: zone)
        microsoft = GraphMailbox(
            fixtures.microsoft, sub: user.sub, name: user.name, email: user.email, start: now, timeZone: zone)
    }

    static func slackWorkspace(user: UserConfig, fixture: SlackFixture, handle: String, time: (String?, String) -> Date)
        -> SlackWorkspace
    {
        var users = fixture.users
        if users.isEmpty {
            let id = "U" + ProviderIDs.hex("slack/user/\(user.sub)", length: 10).uppercased()
            users = [SlackUserFixture(id: id, name: handle, realName: user.name, email: user.email)]
        }
        let selfID = fixture.user ?? users[0].id
        let everyone = users.map(\.id)
        var channelFixtures = fixture.channels
        if channelFixtures.isEmpty { channelFixtures = [SlackChannelFixture(name: "general", general: true)] }
        var channels: [SlackChannel] = []
        var messages: [SlackMessage] = []
        for fixture in channelFixtures {
            let id =
                fixture.id ?? "C"
                + ProviderIDs.hex("slack/channel/\(user.sub)/\(fixture.name)", length: 10).uppercased()
            channels.append(
                SlackChannel(
                    id: id, name: fixture.name, isPrivate: fixture.private, archived: fixture.archived,
                    general: fixture.general,
                    topic: fixture.topic, purpose: fixture.purpose,
                    members: fixture.members ?? (fixture.private ? [selfID] : everyone),
                    created: Int(time(fixture.created, "-400d").timeIntervalSince1970), creator: selfID))
            for (index, message) in fixture.messages.enumerated() {
                let seconds = Int(time(message.at, "now").timeIntervalSince1970)
                messages.append(
                    SlackMessage(
                        channel: id, ts: String(format: "%d.%06d", seconds, index + 1), user: message.user ?? selfID,
                        text: message.text))
            }
        }
        return SlackWorkspace(
            team: fixture.team ?? SlackTeamFixture(), selfID: selfID, users: users, channels: channels,
            messages: messages)
    }

    /// A handle made of the id's letters and digits (`auth0|alice` → `alice`).
    static func slug(_ text: String) -> String {
        let last = text.split(separator: "|").last.map(String.init) ?? text
        let cleaned = last.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(cleaned).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }
}

/// Every user's resolved provider data, built the first time a stub API asks for that user and kept.
/// Resolving is deterministic (fixtures against the instant the tenant started), so when it happens
/// does not change what a user's data is; a tenant of thousands of users starts without resolving
/// any of them.
final class ProviderWorld: Sendable {
    /// When the fixtures' relative times were resolved.
    let resolvedAt: Date
    private let config: TenantConfig
    private let resolved = Mutex<[String: UserWorld]>([:])

    init(config: TenantConfig, now: Date) {
        self.config = config
        resolvedAt = now
    }

    /// The user's data; an empty world for a sub the scenario does not know.
    func world(for sub: String, config: TenantConfig) -> UserWorld {
        guard let user = self.config.users[sub] else {
            return UserWorld(user: config.users[sub] ?? UserConfig(sub: sub), fixtures: UserFixtures(), now: resolvedAt)
        }
        if let world = resolved.withLock({ $0[sub] }) { return world }
        let world = UserWorld(
            user: user, fixtures: self.config.scenario.userFixtures(sub) ?? UserFixtures(), now: resolvedAt)
        return resolved.withLock { worlds in
            if let first = worlds[sub] { return first }
            worlds[sub] = world
            return world
        }
    }
}
