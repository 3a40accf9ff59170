import FakeAuth0
import FakeAuth0Testing
import FakeProviders
import Foundation
import Testing

@Suite("stub Microsoft Graph API")
struct GraphStubTests {
    func subjects(_ result: HTTPResult) -> [String] {
        result.value["value"].list.compactMap { $0["subject"]?.stringValue }
    }

    @Test("/me and messages with $top, $select, $filter, $orderby and @odata.nextLink")
    func messages() async throws {
        try await withFakeTenant(scenario: UpstreamScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).token("windowslive")
            let me = try await HTTP.get(fake.url("/microsoft/v1.0/me"), headers: bearer(token))
            #expect(
                me.status == 200 && me.value["mail"] == "alice@contoso.example"
                    && me.value["displayName"] == "Alice Example")
            let first = try await HTTP.get(
                fake.url(
                    "/microsoft/v1.0/me/messages",
                    query: [("$top", "2"), ("$select", "subject,isRead"), ("$filter", "parentFolderId eq 'inbox'")]),
                headers: bearer(token))
            #expect(subjects(first) == ["Lunch on Thursday?", "Invoice INV-2291 due Friday"])
            #expect(first.value["value"][0]["from"] == nil && first.value["value"][0]["isRead"] == true)
            let next = try #require(first.value["@odata.nextLink"]?.stringValue)
            #expect(next.hasPrefix(fake.url("/microsoft/v1.0/me/messages").absoluteString + "?"))
            let second = try await HTTP.get(try #require(URL(string: next)), headers: bearer(token))
            #expect(subjects(second) == ["Benefits enrollment closes soon", "Q4 planning deck"])
            #expect(second.value["@odata.nextLink"] == nil)
            let ordered = try await HTTP.get(
                fake.url(
                    "/microsoft/v1.0/me/messages", query: [("$orderby", "subject"), ("$filter", "isRead eq false")]),
                headers: bearer(token))
            #expect(subjects(ordered) == ["Benefits enrollment closes soon", "Invoice INV-2291 due Friday"])
            let id = try #require(first.value["value"][1]["id"]?.stringValue)
            let one = try await HTTP.get(fake.url("/microsoft/v1.0/me/messages/\(id)"), headers: bearer(token))
            #expect(one.value["body"]["content"]?.stringValue?.contains("INV-2291") == true)
            let bad = try await HTTP.get(
                fake.url("/microsoft/v1.0/me/messages", query: [("$filter", "nope eq 1")]), headers: bearer(token))
            #expect(bad.status == 400 && bad.value["error"]["code"] == "BadRequest")
            let missing = try await HTTP.get(fake.url("/microsoft/v1.0/me/messages/AAMkNOPE"), headers: bearer(token))
            #expect(missing.status == 404 && missing.value["error"]["code"] == "ErrorItemNotFound")
        }
    }

    @Test("sendMail stores the message in Sent Items and the control API")
    func sendMail() async throws {
        try await withFakeTenant(scenario: UpstreamScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).token("windowslive")
            let mail: [String: JSONValue] = [
                "message": [
                    "subject": "Hello", "body": ["contentType": "Text", "content": "Hi Carol"],
                    "toRecipients": [["emailAddress": ["address": "carol@contoso.example"]]],
                ]
            ]
            let sent = try await HTTP.postJSON(fake.url("/microsoft/v1.0/me/sendMail"), mail, headers: bearer(token))
            #expect(sent.status == 202)
            let folder = try await HTTP.get(
                fake.url("/microsoft/v1.0/me/mailFolders/sentitems/messages"), headers: bearer(token))
            #expect(subjects(folder).first == "Hello")
            let none = try await HTTP.postJSON(
                fake.url("/microsoft/v1.0/me/sendMail"), ["message": ["subject": "x"]], headers: bearer(token))
            #expect(none.status == 400 && none.value["error"]["code"] == "ErrorInvalidRecipients")
            let admin = try await HTTP.get(fake.url("/__admin/providers/microsoft/messages"))
            #expect(
                admin.value["messages"].list.count == 1 && admin.value["messages"][0]["message"]["subject"] == "Hello")
        }
    }

    @Test("events, calendarView and creating an event")
    func calendar() async throws {
        try await withFakeTenant(scenario: UpstreamScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).token("windowslive")
            let events = try await HTTP.get(fake.url("/microsoft/v1.0/me/events"), headers: bearer(token))
            #expect(subjects(events).contains("Weekly 1:1 with Carol"))
            let start = Date(timeIntervalSince1970: TimeInterval(fake.tenant.clock.nowSeconds()))
            let window = [
                ("startDateTime", RFC3339.format(start.addingTimeInterval(86400 * 0.5))),
                ("endDateTime", RFC3339.format(start.addingTimeInterval(86400 * 3))),
            ]
            let view = try await HTTP.get(
                fake.url("/microsoft/v1.0/me/calendarView", query: window), headers: bearer(token))
            #expect(view.status == 200 && !subjects(view).contains("Company holiday"))
            let noWindow = try await HTTP.get(fake.url("/microsoft/v1.0/me/calendarView"), headers: bearer(token))
            #expect(noWindow.status == 400 && noWindow.value["error"]["code"] == "ErrorInvalidParameter")
            let event: [String: JSONValue] = [
                "subject": "Planning",
                "start": ["dateTime": "2027-01-05T09:00:00", "timeZone": "Pacific Standard Time"],
                "end": ["dateTime": "2027-01-05T10:00:00", "timeZone": "Pacific Standard Time"],
                "attendees": [["emailAddress": ["address": "carol@contoso.example", "name": "Carol"]]],
            ]
            let created = try await HTTP.postJSON(fake.url("/microsoft/v1.0/me/events"), event, headers: bearer(token))
            #expect(created.status == 201 && created.value["start"]["dateTime"] == "2027-01-05T17:00:00.0000000")
            let admin = try await HTTP.get(fake.url("/__admin/providers/microsoft/events"))
            #expect(admin.value["events"][0]["event"]["subject"] == "Planning")
        }
    }

    @Test("Graph's error envelope for foreign tokens and missing scopes")
    func refusals() async throws {
        try await withFakeTenant(
            scenario: UpstreamScenario.make { scenario in
                let alice = scenario.users.firstIndex { $0.sub == "auth0|alice" }!
                let index = scenario.users[alice].connectedAccounts.firstIndex { $0.connection == "windowslive" }!
                scenario.users[alice].connectedAccounts[index].scopes = ["User.Read"]
            }
        ) { fake in
            let tokens = ProviderTokens(fake: fake)
            let google = try await HTTP.get(
                fake.url("/microsoft/v1.0/me/messages"), headers: bearer(try await tokens.google))
            #expect(google.status == 401 && google.value["error"]["code"] == "InvalidAuthenticationToken")
            #expect(google.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            let scoped = try await HTTP.get(
                fake.url("/microsoft/v1.0/me/messages"), headers: bearer(try await tokens.token("windowslive")))
            #expect(scoped.status == 403 && scoped.value["error"]["code"] == "ErrorAccessDenied")
            var byHost = bearer(try await tokens.token("windowslive"))
            byHost["Host"] = "graph.microsoft.com"
            let me = try await HTTP.get(fake.url("/v1.0/me"), headers: byHost)
            #expect(me.status == 200 && me.value["mail"] == "alice@contoso.example")
        }
    }
}
