import FakeAuth0
import FakeAuth0Testing
import FakeProviders
import Foundation
import Testing

@Suite("stub Gmail API")
struct GmailStubTests {
    static let base = "/google/gmail/v1/users/me"

    func ids(_ result: HTTPResult) -> [String] { result.value["messages"].list.compactMap { $0["id"]?.stringValue } }

    @Test("messages.list searches the fixture mailbox with Gmail's operators")
    func search() async throws {
        try await withFakeTenant(scenario: TestScenario.make(), clock: clockAtNoon()) { fake in
            let token = try await ProviderTokens(fake: fake).google
            func search(_ q: String) async throws -> [String] {
                let result = try await HTTP.get(
                    fake.url(Self.base + "/messages", query: [("q", q)]), headers: bearer(token))
                #expect(result.status == 200, "\(q): \(result.text)")
                return ids(result)
            }
            let invoices = try await search("invoice")
            #expect(invoices.contains("18c0a1b2c3d4e5f1") && invoices.contains("18c0a1b2c3d4e5f2"))
            #expect(!invoices.contains("18c0a1b2c3d4e5f8"), "spam stays out unless asked for")
            #expect(try await search("from:billing@acme.example") == ["18c0a1b2c3d4e5f1"])
            #expect(try await search("to:bob@example.com") == ["18c0a1b2c3d4e5f4", "18c0a1b2c3d4e5f5"])
            #expect(try await search("subject:lunch") == ["18c0a1b2c3d4e5f4", "18c0a1b2c3d4e5f3"])
            #expect(try await search("subject:(invoice november)") == ["18c0a1b2c3d4e5f1"])
            #expect(try await search("is:unread") == ["18c0a1b2c3d4e5f6", "18c0a1b2c3d4e5f3", "18c0a1b2c3d4e5f1"])
            #expect(try await search("is:unread -from:github") == ["18c0a1b2c3d4e5f3", "18c0a1b2c3d4e5f1"])
            #expect(try await search("newer_than:2d invoice").isEmpty)
            #expect(try await search("newer_than:3d invoice") == ["18c0a1b2c3d4e5f1", "18c0a1b2c3d4e5f5"])
            #expect(
                try await search("\"invoice #1042\" OR subject:Berlin") == ["18c0a1b2c3d4e5f1", "18c0a1b2c3d4e5f7"])
            #expect(try await search("in:spam") == ["18c0a1b2c3d4e5f8"])
            #expect(try await search("in:sent") == ["18c0a1b2c3d4e5f4"])
            #expect(try await search("is:starred") == ["18c0a1b2c3d4e5f7"])
            let day = RFC3339.day(dayStart(fake.clock, plus: -6), timeZone: RFC3339.utc).replacingOccurrences(
                of: "-", with: "/")
            let untilDay = RFC3339.day(dayStart(fake.clock, plus: -2), timeZone: RFC3339.utc).replacingOccurrences(
                of: "-", with: "/")
            #expect(try await search("after:\(day) before:\(untilDay)") == ["18c0a1b2c3d4e5f5", "18c0a1b2c3d4e5f2"])
            let none = try await HTTP.get(
                fake.url(Self.base + "/messages", query: [("q", "from:nobody")]), headers: bearer(token))
            #expect(none.json == ["resultSizeEstimate": 0], "no `messages` key when nothing matches, as Gmail")
        }
    }

    @Test("messages.list pages with maxResults and pageToken to the end")
    func pagination() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).google
            var seen: [String] = []
            var pageToken: String?
            var pages = 0
            repeat {
                var query = [("maxResults", "3")]
                if let pageToken { query.append(("pageToken", pageToken)) }
                let page = try await HTTP.get(fake.url(Self.base + "/messages", query: query), headers: bearer(token))
                #expect(page.status == 200)
                #expect(page.json["resultSizeEstimate"] == 7)
                seen += ids(page)
                pageToken = page.json["nextPageToken"]?.stringValue
                pages += 1
            } while pageToken != nil && pages < 10
            #expect(pages == 3)
            #expect(seen.count == 7 && Set(seen).count == 7)
            let bad = try await HTTP.get(
                fake.url(Self.base + "/messages", query: [("pageToken", "garbage")]), headers: bearer(token))
            #expect(bad.status == 400 && bad.value["error"]["status"] == "INVALID_ARGUMENT")
        }
    }

    @Test("messages.get in every format, threads and the profile")
    func readMessages() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).google
            let full = try await HTTP.get(fake.url(Self.base + "/messages/18c0a1b2c3d4e5f1"), headers: bearer(token))
                .value
            #expect(full["threadId"] == "18c0a1b2c3d4e5f1")
            #expect(full["labelIds"].list.contains("UNREAD"))
            #expect(full["snippet"]?.stringValue?.hasPrefix("Hi Alice, your invoice #1042") == true)
            #expect(Int(full["internalDate"]?.stringValue ?? "") != nil)
            let headers = Dictionary(
                full["payload"]["headers"].list.compactMap { h in
                    h["name"]?.stringValue.map { ($0, h["value"]?.stringValue ?? "") }
                }
            ) { a, _ in a }
            #expect(headers["Subject"] == "Invoice #1042 for November")
            #expect(headers["From"] == "Acme Billing <billing@acme.example>")
            #expect(headers["To"] == "alice@gmail.example")
            #expect(headers["Message-ID"] == "<18c0a1b2c3d4e5f1@mail.gmail.example>")
            #expect(headers["Date"]?.hasSuffix("10:15:00 +0000") == true)
            #expect(full["payload"]["mimeType"] == "multipart/alternative")
            let parts = full["payload"]["parts"].list
            #expect(parts.map { $0["mimeType"] } == ["text/plain", "text/html"])
            let text = Base64URL.decode(parts[0]["body"]["data"]?.stringValue ?? "").map {
                String(decoding: $0, as: UTF8.self)
            }
            #expect(text?.contains("Amount due: 249.00 EUR") == true)
            let html = Base64URL.decode(parts[1]["body"]["data"]?.stringValue ?? "").map {
                String(decoding: $0, as: UTF8.self)
            }
            #expect(html?.contains("<b>#1042</b>") == true)

            let plain = try await HTTP.get(fake.url(Self.base + "/messages/18c0a1b2c3d4e5f3"), headers: bearer(token))
                .value
            #expect(plain["payload"]["mimeType"] == "text/plain" && plain["payload"]["body"]["data"] != nil)

            let metadata = try await HTTP.get(
                fake.url(
                    Self.base + "/messages/18c0a1b2c3d4e5f1",
                    query: [("format", "metadata"), ("metadataHeaders", "Subject"), ("metadataHeaders", "From")]),
                headers: bearer(token)
            ).value
            #expect(metadata["payload"]["headers"].list.compactMap { $0["name"]?.stringValue } == ["Subject", "From"])
            #expect(metadata["payload"]["parts"] == nil)
            let minimal = try await HTTP.get(
                fake.url(Self.base + "/messages/18c0a1b2c3d4e5f1", query: [("format", "minimal")]),
                headers: bearer(token)
            ).value
            #expect(minimal["payload"] == nil && minimal["snippet"] != nil)
            let raw = try await HTTP.get(
                fake.url(Self.base + "/messages/18c0a1b2c3d4e5f1", query: [("format", "raw")]), headers: bearer(token)
            ).value
            let source =
                Base64URL.decode(raw["raw"]?.stringValue ?? "").map { String(decoding: $0, as: UTF8.self) } ?? ""
            #expect(
                source.contains("Subject: Invoice #1042 for November") && source.contains("Content-Type: text/html"))

            let missing = try await HTTP.get(fake.url(Self.base + "/messages/0000000000000000"), headers: bearer(token))
            #expect(missing.status == 404 && missing.value["error"]["status"] == "NOT_FOUND")
            let otherUser = try await HTTP.get(
                fake.url("/google/gmail/v1/users/bob@example.com/profile"), headers: bearer(token))
            #expect(otherUser.status == 403)

            let thread = try await HTTP.get(fake.url(Self.base + "/threads/18c0a1b2c3d4e5f3"), headers: bearer(token))
                .value
            #expect(
                thread["messages"].list.compactMap { $0["id"]?.stringValue } == [
                    "18c0a1b2c3d4e5f3", "18c0a1b2c3d4e5f4",
                ])
            let threads = try await HTTP.get(
                fake.url(Self.base + "/threads", query: [("q", "lunch")]), headers: bearer(token)
            ).value
            #expect(threads["threads"].list.count == 1 && threads["threads"][0]["id"] == "18c0a1b2c3d4e5f3")

            let profile = try await HTTP.get(fake.url(Self.base + "/profile"), headers: bearer(token)).value
            #expect(profile["emailAddress"] == "alice@gmail.example")
            #expect(profile["messagesTotal"] == 8 && profile["threadsTotal"] == 7)
        }
    }

    @Test("send and drafts are recorded, visible in later reads and in the control API")
    func sendAndDraft() async throws {
        let scenario = try TestScenario.make { scenario in
            let google = scenario.users[0].connectedAccounts.firstIndex { $0.connection == "google-oauth2" }!
            scenario.users[0].connectedAccounts[google].scopes += [
                "https://www.googleapis.com/auth/gmail.send", "https://www.googleapis.com/auth/gmail.compose",
            ]
        }
        try await withFakeTenant(scenario: scenario) { fake in
            let token = try await ProviderTokens(fake: fake).google
            let mime = [
                "To: Bob Example <bob@example.com>", "Cc: carol@example.com",
                "Subject: =?utf-8?b?UmU6IEx1bmNoIOKclA==?=",
                "In-Reply-To: <18c0a1b2c3d4e5f3@mail.gmail.example>", "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=\"utf-8\"", "Content-Transfer-Encoding: base64", "",
                Data("See you at 12:30 — Alice".utf8).base64EncodedString(),
            ].joined(separator: "\r\n")
            let sent = try await HTTP.postJSON(
                fake.url(Self.base + "/messages/send"), ["raw": .string(Base64URL.encode(mime))], headers: bearer(token)
            )
            #expect(sent.status == 200, "\(sent.text)")
            #expect(sent.json["labelIds"] == ["SENT"])
            #expect(sent.json["threadId"] == "18c0a1b2c3d4e5f3", "a reply joins the thread it answers")
            let id = try #require(sent.json["id"]?.stringValue)

            let reread = try await HTTP.get(fake.url(Self.base + "/messages/\(id)"), headers: bearer(token)).value
            #expect(
                reread["payload"]["headers"].list.contains { $0["name"] == "Subject" && $0["value"] == "Re: Lunch ✔" })
            let inSent = try await HTTP.get(
                fake.url(Self.base + "/messages", query: [("q", "in:sent")]), headers: bearer(token))
            #expect(ids(inSent).first == id)

            let draftMime = "To: carol@example.com\r\nSubject: Q4 notes\r\n\r\nThanks for the notes!"
            let draft = try await HTTP.postJSON(
                fake.url(Self.base + "/drafts"), ["message": ["raw": .string(Base64URL.encode(draftMime))]],
                headers: bearer(token))
            #expect(draft.status == 200, "\(draft.text)")
            #expect(
                draft.value["id"]?.stringValue?.hasPrefix("r") == true
                    && draft.value["message"]["labelIds"] == ["DRAFT"])
            let drafts = try await HTTP.get(fake.url(Self.base + "/drafts"), headers: bearer(token)).value
            #expect(drafts["drafts"].list.count == 1)

            let admin = try await HTTP.get(fake.url("/__admin/providers/google/sent")).value
            let record = try #require(admin["messages"][0])
            #expect(
                record["user"] == "auth0|alice" && record["to"] == ["Bob Example <bob@example.com>"]
                    && record["cc"] == ["carol@example.com"])
            #expect(record["subject"] == "Re: Lunch ✔" && record["text"] == "See you at 12:30 — Alice")
            let adminDrafts = try await HTTP.get(
                fake.url("/__admin/providers/google/drafts", query: [("user", "auth0|alice")])
            ).value
            #expect(
                adminDrafts["drafts"][0]["subject"] == "Q4 notes"
                    && adminDrafts["drafts"][0]["text"] == "Thanks for the notes!")
            #expect(try fake.providers.sentMail(user: "auth0|alice").count == 1)

            let noRecipient = try await HTTP.postJSON(
                fake.url(Self.base + "/messages/send"), ["raw": .string(Base64URL.encode("Subject: x\r\n\r\nbody"))],
                headers: bearer(token))
            #expect(noRecipient.status == 400)
            #expect(try await HTTP.send("DELETE", fake.url("/__admin/providers")).status == 204)
            #expect(try await HTTP.get(fake.url("/__admin/providers/google/sent")).value["messages"].list.isEmpty)
        }
    }

    @Test("sending needs gmail.send or gmail.compose: 403 insufficientPermissions with the readonly default")
    func sendScope() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).google
            let result = try await HTTP.postJSON(
                fake.url(Self.base + "/messages/send"),
                ["raw": .string(Base64URL.encode("To: b@example.com\r\n\r\nhi"))], headers: bearer(token))
            #expect(result.status == 403)
            #expect(result.value["error"]["status"] == "PERMISSION_DENIED")
            #expect(result.value["error"]["errors"][0]["reason"] == "insufficientPermissions")
            #expect(result.value["error"]["message"] == "Request had insufficient authentication scopes.")
            #expect(result.header("WWW-Authenticate")?.contains(#"error="insufficient_scope""#) == true)
            #expect(try fake.providers.sentMail().isEmpty)
        }
    }
}

@Suite("stub Google Calendar API")
struct CalendarStubTests {
    static let events = "/google/calendar/v3/calendars/primary/events"

    @Test("events.list answers \"what's on my calendar tomorrow\" from relative fixtures")
    func tomorrow() async throws {
        let clock = clockAtNoon()
        try await withFakeTenant(scenario: TestScenario.make(), clock: clock) { fake in
            let token = try await ProviderTokens(fake: fake).google
            let query = [
                ("timeMin", iso(dayStart(clock, plus: 1))), ("timeMax", iso(dayStart(clock, plus: 2))),
                ("singleEvents", "true"),
                ("orderBy", "startTime"), ("maxResults", "50"),
            ]
            let result = try await HTTP.get(fake.url(Self.events, query: query), headers: bearer(token))
            #expect(result.status == 200, "\(result.text)")
            let items = result.value["items"].list
            #expect(
                items.compactMap { $0["summary"]?.stringValue } == [
                    "Team stand-up", "Lunch with Bob", "Focus time", "Customer call with Globex",
                ])
            let tomorrow = RFC3339.day(dayStart(clock, plus: 1), timeZone: RFC3339.utc)
            #expect(items[0]["start"]["dateTime"] == .string("\(tomorrow)T09:00:00Z"))
            #expect(items[1]["location"] == "Luigi's, Main Street 5")
            #expect(
                items[1]["attendees"][0]["email"] == "bob@example.com"
                    && items[1]["attendees"][0]["responseStatus"] == "accepted")
            #expect(items[0]["htmlLink"]?.stringValue?.hasPrefix("https://www.google.com/calendar/event?eid=") == true)
            #expect(result.value["kind"] == "calendar#events" && result.value["timeZone"] == "UTC")

            let allDay = try await HTTP.get(
                fake.url(
                    Self.events,
                    query: [("timeMin", iso(dayStart(clock, plus: 3))), ("timeMax", iso(dayStart(clock, plus: 4)))]),
                headers: bearer(token)
            ).value["items"].list
            #expect(allDay.map { $0["summary"] } == ["Company offsite"] && allDay[0]["start"]["date"] != nil)

            let searched = try await HTTP.get(fake.url(Self.events, query: [("q", "globex")]), headers: bearer(token))
                .value["items"].list
            #expect(searched.map { $0["id"] } == ["customercall"])
            let badOrder = try await HTTP.get(
                fake.url(Self.events, query: [("orderBy", "startTime")]), headers: bearer(token))
            #expect(badOrder.status == 400)
            let team = try await HTTP.get(
                fake.url("/google/calendar/v3/calendars/team-acme@group.calendar.google.com/events"),
                headers: bearer(token)
            ).value["items"].list
            #expect(team.map { $0["summary"] } == ["Sprint retrospective"])
        }
    }

    @Test("events.list pages with maxResults and pageToken to the end")
    func pagination() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).google
            var summaries: [String] = []
            var pageToken: String?
            var pages = 0
            repeat {
                var query = [("maxResults", "3"), ("singleEvents", "true"), ("orderBy", "startTime")]
                if let pageToken { query.append(("pageToken", pageToken)) }
                let page = try await HTTP.get(fake.url(Self.events, query: query), headers: bearer(token)).value
                summaries += page["items"].list.compactMap { $0["summary"]?.stringValue }
                pageToken = page["nextPageToken"]?.stringValue
                if pageToken == nil { #expect(page["nextSyncToken"] != nil) }
                pages += 1
            } while pageToken != nil && pages < 10
            #expect(pages == 3 && summaries.count == 8)
            #expect(summaries.first == "Team stand-up" && summaries.last == "Dentist")
        }
    }

    @Test("insert, get, patch and delete change later reads and show in the control API")
    func writes() async throws {
        let clock = clockAtNoon()
        try await withFakeTenant(scenario: TestScenario.make(), clock: clock) { fake in
            let token = try await ProviderTokens(fake: fake).google
            let start = dayStart(clock, plus: 1).addingTimeInterval(10 * 3600)
            let created = try await HTTP.postJSON(
                fake.url(Self.events),
                [
                    "summary": "Sync with Carol", "start": ["dateTime": .string(iso(start))],
                    "end": ["dateTime": .string(iso(start.addingTimeInterval(1800)))],
                    "attendees": [["email": "carol@example.com"]],
                    "colorId": "5",
                ], headers: bearer(token))
            #expect(created.status == 200, "\(created.text)")
            let id = try #require(created.json["id"]?.stringValue)
            #expect(
                created.json["colorId"] == "5" && created.json["status"] == "confirmed"
                    && created.json["kind"] == "calendar#event")

            let fetched = try await HTTP.get(fake.url("\(Self.events)/\(id)"), headers: bearer(token))
            #expect(fetched.json["summary"] == "Sync with Carol")
            let day = [
                ("timeMin", iso(dayStart(clock, plus: 1))), ("timeMax", iso(dayStart(clock, plus: 2))),
                ("singleEvents", "true"), ("orderBy", "startTime"),
            ]
            var listed = try await HTTP.get(fake.url(Self.events, query: day), headers: bearer(token)).value["items"]
                .list
            #expect(
                listed.compactMap { $0["summary"]?.stringValue } == [
                    "Team stand-up", "Sync with Carol", "Lunch with Bob", "Focus time", "Customer call with Globex",
                ])

            let patched = try await HTTP.send(
                "PATCH", fake.url("\(Self.events)/lunchwithbob"),
                body: Data(#"{"summary":"Lunch with Bob and Carol"}"#.utf8),
                headers: bearer(token).merging(["Content-Type": "application/json"]) { a, _ in a })
            #expect(patched.status == 200 && patched.json["summary"] == "Lunch with Bob and Carol")
            #expect(patched.json["location"] == "Luigi's, Main Street 5", "patch keeps the fields it does not name")

            #expect(
                try await HTTP.send("DELETE", fake.url("\(Self.events)/customercall"), headers: bearer(token)).status
                    == 204)
            #expect(
                try await HTTP.send("DELETE", fake.url("\(Self.events)/customercall"), headers: bearer(token)).status
                    == 410)
            listed = try await HTTP.get(fake.url(Self.events, query: day), headers: bearer(token)).value["items"].list
            #expect(
                listed.compactMap { $0["summary"]?.stringValue } == [
                    "Team stand-up", "Sync with Carol", "Lunch with Bob and Carol", "Focus time",
                ])
            #expect(try await HTTP.get(fake.url("\(Self.events)/nosuchevent"), headers: bearer(token)).status == 404)

            let changes = try await HTTP.get(fake.url("/__admin/providers/google/events")).value["events"].list
            #expect(changes.compactMap { $0["change"]?.stringValue } == ["created", "updated", "deleted"])
            #expect(changes[0]["summary"] == "Sync with Carol" && changes[0]["calendar"] == "alice@gmail.example")

            let readOnly = try await HTTP.postJSON(
                fake.url("/google/calendar/v3/calendars/team-acme@group.calendar.google.com/events"),
                ["summary": "x", "start": ["date": "2030-01-01"], "end": ["date": "2030-01-02"]], headers: bearer(token)
            )
            #expect(readOnly.status == 403)
            let noEnd = try await HTTP.postJSON(
                fake.url(Self.events), ["summary": "x", "start": ["date": "2030-01-01"]], headers: bearer(token))
            #expect(noEnd.status == 400)
        }
    }

    @Test("freeBusy is computed from the events, and the calendar list names the primary calendar")
    func freeBusyAndCalendarList() async throws {
        let clock = clockAtNoon()
        try await withFakeTenant(scenario: TestScenario.make(), clock: clock) { fake in
            let token = try await ProviderTokens(fake: fake).google
            let noon = dayStart(clock, plus: 1).addingTimeInterval(12 * 3600)
            let result = try await HTTP.postJSON(
                fake.url("/google/calendar/v3/freeBusy"),
                [
                    "timeMin": .string(iso(noon)), "timeMax": .string(iso(noon.addingTimeInterval(5 * 3600))),
                    "timeZone": "UTC",
                    "items": [["id": "primary"], ["id": "nobody@example.com"]],
                ], headers: bearer(token))
            #expect(result.status == 200, "\(result.text)")
            #expect(result.value["kind"] == "calendar#freeBusy")
            let busy = result.value["calendars"]["primary"]["busy"].list
            #expect(busy.count == 2, "lunch and the customer call; focus time is transparent")
            #expect(
                busy[0]["start"] == .string(iso(noon.addingTimeInterval(1800)))
                    && busy[0]["end"] == .string(iso(noon.addingTimeInterval(5400))))
            #expect(result.value["calendars"]["nobody@example.com"]["errors"][0]["reason"] == "notFound")
            let free = try await HTTP.postJSON(
                fake.url("/google/calendar/v3/freeBusy"),
                [
                    "timeMin": .string(iso(noon.addingTimeInterval(-3600))), "timeMax": .string(iso(noon)),
                    "items": [["id": "primary"]],
                ],
                headers: bearer(token))
            #expect(free.value["calendars"]["primary"]["busy"].list.isEmpty)

            let list = try await HTTP.get(fake.url("/google/calendar/v3/users/me/calendarList"), headers: bearer(token))
                .value
            #expect(
                list["items"].list.compactMap { $0["id"]?.stringValue } == [
                    "alice@gmail.example", "team-acme@group.calendar.google.com",
                ])
            #expect(list["items"][0]["primary"] == true && list["items"][1]["accessRole"] == "reader")
        }
    }
}

@Suite("stub Google APIs: tokens and routing")
struct GoogleAuthTests {
    static let messages = "/google/gmail/v1/users/me/messages"

    func expectUnauthenticated(_ result: HTTPResult, _ label: String) {
        #expect(result.status == 401, "\(label): \(result.text)")
        #expect(
            result.value["error"]["code"] == 401 && result.value["error"]["status"] == "UNAUTHENTICATED", "\(label)")
        #expect(
            result.value["error"]["message"]?.stringValue?.hasPrefix("Request had invalid authentication credentials.")
                == true, "\(label)")
        #expect(
            result.header("WWW-Authenticate") == #"Bearer realm="https://accounts.google.com/", error="invalid_token""#,
            "\(label)")
    }

    @Test(
        "no token, an unknown token, another provider's token, an expired or revoked token are refused as Google does")
    func refusals() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let tokens = ProviderTokens(fake: fake)
            let missing = try await HTTP.get(fake.url(Self.messages))
            #expect(missing.status == 401 && missing.value["error"]["status"] == "UNAUTHENTICATED")
            #expect(missing.value["error"]["errors"][0]["reason"] == "required")
            #expect(missing.header("WWW-Authenticate") == #"Bearer realm="https://accounts.google.com/""#)
            expectUnauthenticated(
                try await HTTP.get(fake.url(Self.messages), headers: bearer("ya29.made-up")), "unknown")
            expectUnauthenticated(
                try await HTTP.get(fake.url(Self.messages), headers: bearer(try await tokens.github)), "GitHub token")

            let google = try await tokens.google
            #expect(try await HTTP.get(fake.url(Self.messages), headers: bearer(google)).status == 200)
            fake.clock.advance(by: 3600)
            expectUnauthenticated(try await HTTP.get(fake.url(Self.messages), headers: bearer(google)), "expired")
            let fresh = try await tokens.google
            #expect(fresh != google)
            #expect(
                try await HTTP.get(fake.url(Self.messages), headers: bearer(fresh)).status == 200,
                "the vault's refreshed token works")
            try fake.tenant.vault.revoke(try tokens.account("google-oauth2").id)
            expectUnauthenticated(try await HTTP.get(fake.url(Self.messages), headers: bearer(fresh)), "revoked")
        }
    }

    @Test("a token without the endpoint's scope gets 403 PERMISSION_DENIED")
    func missingScope() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let tokens = ProviderTokens(fake: fake)
            try fake.tenant.vault.setScopes(try tokens.account("google-oauth2").id, ["openid", "email"])
            let token = try await tokens.google
            for path in [
                Self.messages, "/google/calendar/v3/calendars/primary/events",
                "/google/calendar/v3/users/me/calendarList",
            ] {
                let result = try await HTTP.get(fake.url(path), headers: bearer(token))
                #expect(result.status == 403, "\(path)")
                #expect(result.value["error"]["errors"][0]["reason"] == "insufficientPermissions")
                #expect(result.value["error"]["status"] == "PERMISSION_DENIED")
            }
            let freeBusy = try await HTTP.postJSON(
                fake.url("/google/calendar/v3/freeBusy"),
                ["timeMin": "2030-01-01T00:00:00Z", "timeMax": "2030-01-02T00:00:00Z", "items": []],
                headers: bearer(token))
            #expect(freeBusy.status == 403)
            try fake.tenant.vault.setScopes(
                try tokens.account("google-oauth2").id, ["https://www.googleapis.com/auth/calendar.freebusy"])
            let onlyFreeBusy = try await tokens.google
            #expect(
                try await HTTP.get(
                    fake.url("/google/calendar/v3/calendars/primary/events"), headers: bearer(onlyFreeBusy)
                ).status == 403)
            let allowed = try await HTTP.postJSON(
                fake.url("/google/calendar/v3/freeBusy"),
                ["timeMin": "2030-01-01T00:00:00Z", "timeMax": "2030-01-02T00:00:00Z", "items": [["id": "primary"]]],
                headers: bearer(onlyFreeBusy))
            #expect(allowed.status == 200)
        }
    }

    @Test("gmail.googleapis.com and www.googleapis.com in the Host header reach the same APIs")
    func hostRouting() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).google
            let gmail = try await HTTP.get(
                fake.url("/gmail/v1/users/me/profile"),
                headers: bearer(token).merging(["Host": "gmail.googleapis.com"]) { a, _ in a })
            #expect(gmail.status == 200 && gmail.json["emailAddress"] == "alice@gmail.example", "\(gmail.text)")
            let calendar = try await HTTP.get(
                fake.url("/calendar/v3/users/me/calendarList"),
                headers: bearer(token).merging(["Host": "www.googleapis.com:443"]) { a, _ in a })
            #expect(calendar.status == 200 && calendar.value["items"].list.count == 2)
            let unknown = try await HTTP.get(
                fake.url("/.well-known/openid-configuration"), headers: ["Host": "www.googleapis.com"])
            #expect(
                unknown.status == 404 && unknown.value["error"]["status"] == "NOT_FOUND",
                "a provider host serves only the provider")
            #expect(try await HTTP.get(fake.url("/.well-known/openid-configuration")).status == 200)
        }
    }
}
