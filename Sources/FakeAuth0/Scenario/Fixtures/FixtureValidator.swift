import Foundation

/// Checks one user's fixtures: times that parse, ids that are unique, references that resolve and
/// values from the provider's vocabulary. Paths are reported below `prefix` (empty for a fixture file).
enum FixtureValidator {
    static func problems(in fixtures: UserFixtures, file: String, prefix: String) -> [ScenarioProblem] {
        var problems: [ScenarioProblem] = []
        func report(_ path: String, _ reason: String) {
            problems.append(.init(file: file, path: prefix.isEmpty ? path : "\(prefix).\(path)", reason: reason))
        }
        func time(_ path: String, _ text: String?) {
            if let text, FixtureTime(text) == nil { report(path, "'\(text)': \(FixtureTime.help)") }
        }
        func unique(_ path: String, _ values: [String?], what: String) {
            var seen: [String: Int] = [:]
            for (i, value) in values.enumerated() {
                guard let value else { continue }
                if let first = seen[value] {
                    report("\(path)[\(i)]", "duplicate \(what) '\(value)' (first at \(path)[\(first)])")
                } else {
                    seen[value] = i
                }
            }
        }
        func number(_ path: String, _ value: Int?, _ range: ClosedRange<Int> = 0...Limits.maxFixtureNumber) {
            if let value, !range.contains(value) {
                report(path, "must be between \(range.lowerBound) and \(range.upperBound)")
            }
        }
        func oneOf(_ path: String, _ value: String, _ allowed: [String]) {
            if !allowed.contains(value) { report(path, "'\(value)' is not one of \(allowed.joined(separator: ", "))") }
        }

        if let zone = fixtures.timeZone, TimeZone(identifier: zone) == nil {
            report("time_zone", "unknown time zone '\(zone)'")
        }

        if let gmail = fixtures.gmail {
            unique("gmail.messages", gmail.messages.map(\.id), what: "message id")
            for (i, message) in gmail.messages.enumerated() {
                let at = "gmail.messages[\(i)]"
                time("\(at).date", message.date)
                if message.from.trimmingCharacters(in: .whitespaces).isEmpty {
                    report("\(at).from", "must not be empty")
                }
                if let id = message.id, id.isEmpty || id.contains("/") {
                    report("\(at).id", "must be a non-empty id without '/'")
                }
                for (j, label) in (message.labels ?? []).enumerated() where label.isEmpty || label.contains(" ") {
                    report("\(at).labels[\(j)]", "a label id is one non-empty word")
                }
            }
        }

        if let calendar = fixtures.calendar {
            unique("calendar.calendars", calendar.calendars.map(\.id), what: "calendar id")
            if calendar.calendars.filter(\.primary).count > 1 {
                report("calendar.calendars", "only one calendar can be primary")
            }
            for (i, entry) in calendar.calendars.enumerated() {
                if let zone = entry.timeZone, TimeZone(identifier: zone) == nil {
                    report("calendar.calendars[\(i)].time_zone", "unknown time zone '\(zone)'")
                }
                oneOf(
                    "calendar.calendars[\(i)].access_role", entry.accessRole,
                    ["owner", "writer", "reader", "freeBusyReader"])
            }
            let calendarIDs = Set(calendar.calendars.compactMap(\.id))
            unique("calendar.events", calendar.events.map(\.id), what: "event id")
            for (i, event) in calendar.events.enumerated() {
                let at = "calendar.events[\(i)]"
                time("\(at).start", event.start)
                time("\(at).end", event.end)
                if let id = event.id, !CalendarIDs.isValidEventID(id) {
                    report("\(at).id", "an event id is 5 to 1024 characters of a-z, 0-9, '-' and '_'")
                }
                if let ref = event.calendar, ref != "primary", !calendarIDs.contains(ref) {
                    report("\(at).calendar", "no calendar has the id '\(ref)'")
                }
                oneOf("\(at).status", event.status, ["confirmed", "tentative", "cancelled"])
                oneOf("\(at).transparency", event.transparency, ["opaque", "transparent"])
                for (j, attendee) in event.attendees.enumerated() {
                    if !attendee.email.contains("@") {
                        report("\(at).attendees[\(j)].email", "'\(attendee.email)' is not an email address")
                    }
                    oneOf(
                        "\(at).attendees[\(j)].response_status", attendee.responseStatus,
                        ["needsAction", "accepted", "declined", "tentative"])
                }
                if let start = FixtureTime(event.start), let endText = event.end, let end = FixtureTime(endText) {
                    let now = Date(timeIntervalSince1970: 1_800_000_000)
                    if end.resolve(now: now, timeZone: fixtures.zone) < start.resolve(now: now, timeZone: fixtures.zone)
                    {
                        report("\(at).end", "ends before it starts")
                    }
                }
            }
        }

        if let github = fixtures.github {
            time("github.created", github.created)
            number("github.id", github.id)
            for (i, org) in github.orgs.enumerated() { number("github.orgs[\(i)].id", org.id) }
            unique("github.orgs", github.orgs.map(\.login), what: "organization")
            unique(
                "github.repos", github.repos.map { "\($0.owner ?? github.login ?? "")/\($0.name)".lowercased() },
                what: "repository")
            for (i, repo) in github.repos.enumerated() {
                let at = "github.repos[\(i)]"
                if repo.name.isEmpty || repo.name.contains("/") || repo.name.contains(" ") {
                    report("\(at).name", "a repository name is one word without '/'")
                }
                if let affiliation = repo.affiliation {
                    oneOf("\(at).affiliation", affiliation, ["owner", "collaborator", "organization_member", "none"])
                }
                number("\(at).id", repo.id)
                number("\(at).stars", repo.stars)
                number("\(at).forks", repo.forks)
                time("\(at).created", repo.created)
                time("\(at).updated", repo.updated)
                time("\(at).pushed", repo.pushed)
                unique("\(at).issues", repo.issues.map { $0.number.map(String.init) }, what: "issue number")
                for (j, issue) in repo.issues.enumerated() {
                    oneOf("\(at).issues[\(j)].state", issue.state, ["open", "closed"])
                    number("\(at).issues[\(j)].number", issue.number, 1...1_000_000_000)
                    number("\(at).issues[\(j)].comments", issue.comments)
                    time("\(at).issues[\(j)].created", issue.created)
                    time("\(at).issues[\(j)].updated", issue.updated)
                }
            }
        }

        if let slack = fixtures.slack {
            unique("slack.users", slack.users.map(\.id), what: "user id")
            let userIDs = Set(slack.users.map(\.id))
            if let me = slack.user, !userIDs.contains(me) {
                report("slack.user", "no user in slack.users has the id '\(me)'")
            }
            unique("slack.channels", slack.channels.map(\.id), what: "channel id")
            unique("slack.channels", slack.channels.map(\.name), what: "channel name")
            for (i, channel) in slack.channels.enumerated() {
                let at = "slack.channels[\(i)]"
                if channel.name.isEmpty || channel.name.contains(" ") || channel.name.hasPrefix("#") {
                    report("\(at).name", "a channel name is one lowercase word without '#'")
                }
                time("\(at).created", channel.created)
                for (j, member) in (channel.members ?? []).enumerated() where !userIDs.contains(member) {
                    report("\(at).members[\(j)]", "no user in slack.users has the id '\(member)'")
                }
                for (j, message) in channel.messages.enumerated() {
                    time("\(at).messages[\(j)].at", message.at)
                    if let user = message.user, !userIDs.contains(user) {
                        report("\(at).messages[\(j)].user", "no user in slack.users has the id '\(user)'")
                    }
                }
            }
        }
        if let salesforce = fixtures.salesforce {
            let org = SalesforceOrg(
                salesforce, sub: "validation", name: nil, email: nil, start: Date(timeIntervalSince1970: 1_800_000_000),
                timeZone: fixtures.zone)
            if let instance = salesforce.instance,
                instance.isEmpty || !instance.allSatisfy({ ($0.isLetter || $0.isNumber || $0 == "-") && $0.isASCII })
            {
                report("salesforce.instance", "a My Domain name is letters, digits and '-'")
            }
            for problem in org.problems { report("salesforce.\(problem.path)", problem.reason) }
        }
        if let microsoft = fixtures.microsoft {
            for problem in MicrosoftFixture.problems(in: microsoft) {
                report("microsoft.\(problem.path)", problem.reason)
            }
        }
        return problems
    }
}
