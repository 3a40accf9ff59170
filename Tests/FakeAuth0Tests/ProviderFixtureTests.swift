import FakeAuth0Testing
import Foundation
import Testing

@testable import FakeAuth0

@Suite("provider fixtures")
struct ProviderFixtureTests {
    /// A fresh directory with `files` (relative path → contents) in it.
    func directory(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appending(path: "fixtures-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    static let scenario = """
        clients:
          - { id: demo-web, type: regular_web, secret: demo-web-secret, grants: [refresh_token, token_vault] }
        users:
          - { sub: auth0|bob, email: bob@example.com, connected_accounts: { google-oauth2: { scopes: [gmail.readonly, calendar.readonly] }, sign-in-with-slack: { scopes: [channels:read] } } }
        connections:
          - { name: google-oauth2 }
          - { name: sign-in-with-slack }
        refresh_tokens:
          - { token: bob-rt, client: demo-web, user: auth0|bob }
        fixtures:
          auth0|bob: people/bob
        """

    func problems(_ files: [String: String], scenario: String = Self.scenario) throws -> [String] {
        let root = try directory(files.merging(["scenario.yaml": scenario]) { a, _ in a })
        defer { try? FileManager.default.removeItem(at: root) }
        do {
            _ = try ScenarioLoader.load(path: root.appending(path: "scenario.yaml").path)
            return []
        } catch {
            return error.problems.map { $0.description.replacingOccurrences(of: root.path + "/", with: "") }
        }
    }

    @Test("the built-in scenario carries Alice's fixtures, readable without the repository")
    func defaultFixtures() throws {
        let scenario = try ScenarioLoader.defaultScenario()
        let alice = try #require(scenario.userFixtures("auth0|alice"))
        #expect(alice.source == "fixtures/alice")
        #expect(alice.gmail?.messages.count == 8 && alice.calendar?.events.isEmpty == false)
        #expect(alice.github?.repos.isEmpty == false && alice.slack?.channels.isEmpty == false)
    }

    @Test("the built-in scenario's fixture files, read on first use, are valid and read as when loaded at once")
    func defaultFixturesOnFirstUse() throws {
        let deferred = try ScenarioLoader.defaultScenario()
        #expect(deferred.deferredFixtures != nil && deferred.fixtures["auth0|alice"]?.gmail == nil)
        // Reading and checking the files now refuses any problem in them.
        let loaded = try ScenarioLoader.defaultScenarioWithFixtures()
        #expect(loaded.deferredFixtures == nil && !loaded.fixtures.isEmpty)
        for (sub, fixtures) in loaded.fixtures {
            #expect(fixtures.gmail != nil || fixtures.calendar != nil || fixtures.github != nil)
            #expect(deferred.userFixtures(sub) == fixtures, "\(sub)")
        }
    }

    @Test("a directory of fixture files, relative to the scenario, is served for its user")
    func directoryOfFiles() async throws {
        let root = try directory([
            "scenario.yaml": Self.scenario,
            "people/bob/mail.yaml": """
            time_zone: Europe/Berlin
            gmail:
              address: bob@gmail.example
              messages:
                - { from: carol@example.com, subject: Hello Bob, date: "-1d 09:00", body: Hi! }
            """,
            "people/bob/calendar.yml": """
            calendar:
              events:
                - { summary: Dentist, start: "tomorrow 08:00" }
            """,
            "people/bob/README.txt": "not a fixture",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let scenario = try ScenarioLoader.load(path: root.appending(path: "scenario.yaml").path)
        try await withFakeTenant(scenario: scenario, clock: clockAtNoon()) { fake in
            let token = try await ProviderTokens(fake: fake).token("google-oauth2", subject: "bob-rt")
            let list = try await HTTP.get(fake.url("/google/gmail/v1/users/me/messages"), headers: bearer(token))
            let id = try #require(list.value["messages"][0]["id"]?.stringValue)
            let message = try await HTTP.get(
                fake.url("/google/gmail/v1/users/me/messages/\(id)"), headers: bearer(token)
            ).value
            #expect(message["snippet"] == "Hi!")
            #expect(
                message["payload"]["headers"].list.contains {
                    $0["name"] == "Date" && $0["value"]?.stringValue?.hasSuffix("09:00:00 +0100") == true
                })
            let events = try await HTTP.get(
                fake.url("/google/calendar/v3/calendars/primary/events"), headers: bearer(token)
            ).value
            #expect(events["items"][0]["summary"] == "Dentist" && events["summary"] == "bob@gmail.example")
            #expect(events["items"][0]["start"]["dateTime"]?.stringValue?.hasSuffix("T08:00:00+01:00") == true)
            #expect(
                events["items"][0]["end"]["dateTime"]?.stringValue?.hasSuffix("T09:00:00+01:00") == true,
                "an hour by default")

            let slack = try await ProviderTokens(fake: fake).token("sign-in-with-slack", subject: "bob-rt")
            let channels = try await HTTP.postForm(
                fake.url("/slack/api/conversations.list"), [:], headers: bearer(slack))
            #expect(
                channels.value["channels"].list.compactMap { $0["name"]?.stringValue } == ["general"],
                "a user without Slack fixtures has #general")
            let auth = try await HTTP.postForm(fake.url("/slack/api/auth.test"), [:], headers: bearer(slack))
            #expect(auth.json["user"] == "bob")
        }
    }

    @Test(
        "each bad fixture is refused with file, path and reason",
        arguments: [
            (
                ["people/bob/mail.yaml": "gmail: { messages: [ { from: a@b, date: someday } ] }"],
                "people/bob/mail.yaml:gmail.messages[0].date: 'someday': expected a time"
            ),
            (
                ["people/bob/mail.yaml": "gmail: { mesages: [] }"],
                "people/bob/mail.yaml:gmail.mesages: unknown key 'mesages'"
            ),
            (
                ["people/bob/mail.yaml": "gmail: { messages: [ { subject: x } ] }"],
                "people/bob/mail.yaml:gmail.messages[0].from: required key is missing"
            ),
            (["people/bob/mail.yaml": "gmail: [\n"], "people/bob/mail.yaml:(root): not valid YAML"),
            (
                ["people/bob/mail.yaml": "just a string"],
                "people/bob/mail.yaml:(root): a fixture file must be a mapping"
            ),
            (
                ["people/bob/tz.yaml": "time_zone: Mars/Olympus"],
                "people/bob/tz.yaml:time_zone: unknown time zone 'Mars/Olympus'"
            ),
            (
                [
                    "people/bob/cal.yaml":
                        "calendar: { events: [ { summary: x, start: '+1d 09:00', end: '+1d 08:00' } ] }"
                ], "people/bob/cal.yaml:calendar.events[0].end: ends before it starts"
            ),
            (
                ["people/bob/cal.yaml": "calendar: { events: [ { summary: x, start: now, calendar: work } ] }"],
                "people/bob/cal.yaml:calendar.events[0].calendar: no calendar has the id 'work'"
            ),
            (
                ["people/bob/cal.yaml": "calendar: { events: [ { id: AB, summary: x, start: now } ] }"],
                "people/bob/cal.yaml:calendar.events[0].id: an event id is"
            ),
            (
                ["people/bob/gh.yaml": "github: { repos: [ { name: a }, { name: a } ] }"],
                "people/bob/gh.yaml:github.repos[1]: duplicate repository"
            ),
            (
                ["people/bob/gh.yaml": "github: { repos: [ { name: a, issues: [ { title: t, state: stale } ] } ] }"],
                "people/bob/gh.yaml:github.repos[0].issues[0].state: 'stale' is not one of open, closed"
            ),
            (
                [
                    "people/bob/sl.yaml":
                        "slack: { users: [ { id: U1, name: a } ], channels: [ { name: x, members: [U2] } ] }"
                ], "people/bob/sl.yaml:slack.channels[0].members[0]: no user in slack.users has the id 'U2'"
            ),
            (
                ["people/bob/a.yaml": "gmail: {}", "people/bob/b.yaml": "gmail: {}"],
                "people/bob/b.yaml:gmail: already given in"
            ),
            ([:], "scenario.yaml:fixtures.auth0|bob: no fixture file or directory at"),
        ] as [([String: String], String)])
    func badFixtures(files: [String: String], expected: String) throws {
        let problems = try problems(files)
        #expect(problems.contains { $0.hasPrefix(expected) }, "got: \(problems)")
    }

    @Test("inline fixtures are checked in place, and fixtures must belong to a user")
    func inlineProblems() throws {
        let scenario = """
            users:
              - { sub: auth0|bob }
            fixtures:
              auth0|bob:
                slack: { user: U9, users: [ { id: U1, name: bob } ] }
              auth0|ghost: { gmail: { messages: [] } }
            """
        let problems = try problems([:], scenario: scenario)
        #expect(
            problems.contains("scenario.yaml:fixtures.auth0|bob.slack.user: no user in slack.users has the id 'U9'"),
            "\(problems)")
        #expect(
            problems.contains("scenario.yaml:fixtures.auth0|ghost: no user has the sub 'auth0|ghost'"), "\(problems)")
    }

    @Test(
        "fixture times: absolute, relative to the start, and days at a wall-clock time",
        arguments: [
            ("now", 0.0), ("+2h", 7200), ("-30m", -1800), ("now+1d", 86400), ("+1w", 604_800),
            ("+1d 09:00", 86400 - 3 * 3600),
            ("tomorrow 09:00", 86400 - 3 * 3600), ("today", -12 * 3600), ("yesterday 12:00", -86400),
            ("-2d 10:15", -2 * 86400 - 6300),
        ] as [(String, Double)])
    func times(text: String, offset: Double) throws {
        let noon = try #require(RFC3339.parse("2026-11-24T12:00:00Z"))
        let time = try #require(FixtureTime(text), "\(text)")
        #expect(time.resolve(now: noon, timeZone: RFC3339.utc) == noon.addingTimeInterval(offset), "\(text)")
        #expect(
            FixtureTime("2026-11-25T09:00:00+01:00")?.resolve(now: noon, timeZone: RFC3339.utc)
                == RFC3339.parse("2026-11-25T08:00:00Z"))
        #expect(
            FixtureTime("2026-11-25 09:00")?.resolve(now: noon, timeZone: TimeZone(identifier: "Europe/Berlin")!)
                == RFC3339.parse("2026-11-25T08:00:00Z"))
        for bad in ["soon", "+1x", "+1d 25:00", "2026-13-01", "tomorrow at nine"] {
            #expect(FixtureTime(bad) == nil, "\(bad)")
        }
    }
}
