import FakeAuth0
import FakeAuth0Testing
import FakeProviders
import Foundation
import Testing

@Suite("stub Slack Web API")
struct SlackStubTests {
    func call(_ fake: FakeTenant, _ method: String, token: String?, form: [String: String] = [:]) async throws
        -> HTTPResult
    {
        try await HTTP.postForm(fake.url("/slack/api/\(method)"), form, headers: token.map(bearer) ?? [:])
    }

    func names(_ result: HTTPResult) -> [String] {
        result.value["channels"].list.compactMap { $0["name"]?.stringValue }
    }

    @Test("auth.test, users.list and users.info describe the workspace")
    func workspace() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).slack
            let auth = try await HTTP.postJSON(fake.url("/slack/api/auth.test"), [:], headers: bearer(token))
            #expect(auth.status == 200)
            #expect(auth.json["ok"] == true && auth.json["user"] == "alice" && auth.json["user_id"] == "U0ALICE001")
            #expect(
                auth.json["team"] == "Acme Corp" && auth.json["team_id"] == "T0ACME0001"
                    && auth.json["url"] == "https://acme-corp.slack.com/")
            #expect(auth.header("X-OAuth-Scopes") == "channels:read,groups:read,channels:history,chat:write,users:read")

            let users = try await HTTP.get(
                fake.url("/slack/api/users.list", query: [("limit", "3")]), headers: bearer(token))
            #expect(users.value["members"].list.compactMap { $0["name"]?.stringValue } == ["alice", "bob", "carol"])
            let cursor = try #require(users.value["response_metadata"]["next_cursor"]?.stringValue)
            let rest = try await call(fake, "users.list", token: token, form: ["limit": "3", "cursor": cursor])
            #expect(rest.value["members"].list.compactMap { $0["name"]?.stringValue } == ["deploybot"])
            #expect(rest.value["response_metadata"]["next_cursor"] == "")

            let bob = try await call(fake, "users.info", token: token, form: ["user": "U0BOB00001"])
            #expect(
                bob.value["user"]["real_name"] == "Bob Example" && bob.value["user"]["profile"]["display_name"] == "bob"
            )
            #expect(bob.value["user"]["profile"]["email"] == nil, "emails need users:read.email")
            #expect(
                try await call(fake, "users.info", token: token, form: ["user": "U0NOBODY"]).json == [
                    "ok": false, "error": "user_not_found",
                ])
        }
    }

    @Test("conversations.list filters by types and archive state and pages with cursors to the end")
    func conversations() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).slack
            let publicOnly = try await call(fake, "conversations.list", token: token)
            #expect(names(publicOnly) == ["general", "random", "engineering", "old-project"])
            #expect(publicOnly.value["response_metadata"]["next_cursor"] == "")

            var seen: [String] = []
            var cursor = ""
            var pages = 0
            repeat {
                var form = ["types": "public_channel,private_channel", "exclude_archived": "true", "limit": "2"]
                if !cursor.isEmpty { form["cursor"] = cursor }
                let page = try await call(fake, "conversations.list", token: token, form: form)
                #expect(page.json["ok"] == true, "\(page.text)")
                seen += names(page)
                cursor = page.value["response_metadata"]["next_cursor"]?.stringValue ?? ""
                pages += 1
            } while !cursor.isEmpty && pages < 10
            #expect(
                pages == 2 && seen == ["general", "random", "engineering", "leads"],
                "hr-private is not Alice's; old-project is archived")

            let leads = try await call(fake, "conversations.list", token: token, form: ["types": "private_channel"])
            #expect(leads.value["channels"][0]["is_private"] == true && leads.value["channels"][0]["is_member"] == true)
            let viaQuery = try await HTTP.get(
                fake.url("/slack/api/conversations.list", query: [("exclude_archived", "true"), ("limit", "10")]),
                headers: bearer(token))
            #expect(names(viaQuery) == ["general", "random", "engineering"])
            let badCursor = try await call(fake, "conversations.list", token: token, form: ["cursor": "bm9wZQ=="])
            #expect(badCursor.json == ["ok": false, "error": "invalid_cursor"])
        }
    }

    @Test("conversations.history reads newest first with cursors; chat.postMessage adds to it and to the control API")
    func historyAndPosting() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).slack
            let first = try await call(
                fake, "conversations.history", token: token, form: ["channel": "C0ENGINEER", "limit": "2"])
            #expect(
                first.value["messages"].list.compactMap { $0["text"]?.stringValue } == [
                    "I'll look at the failing build on main.", "CI failed on main (#87).",
                ])
            #expect(first.json["has_more"] == true)
            let cursor = try #require(first.value["response_metadata"]["next_cursor"]?.stringValue)
            let second = try await call(
                fake, "conversations.history", token: token,
                form: ["channel": "C0ENGINEER", "limit": "2", "cursor": cursor])
            #expect(second.value["messages"].list.count == 1 && second.json["has_more"] == false)

            let posted = try await HTTP.postJSON(
                fake.url("/slack/api/chat.postMessage"), ["channel": "#random", "text": "Lunch at 12:30 works for me"],
                headers: bearer(token))
            #expect(posted.json["ok"] == true, "\(posted.text)")
            #expect(posted.json["channel"] == "C0RANDOM01" && posted.value["message"]["user"] == "U0ALICE001")
            let ts = try #require(posted.json["ts"]?.stringValue)
            let byForm = try await call(
                fake, "chat.postMessage", token: token, form: ["channel": "C0GENERAL1", "text": "Hello everyone"])
            #expect(byForm.json["ok"] == true)

            let random = try await call(fake, "conversations.history", token: token, form: ["channel": "C0RANDOM01"])
            #expect(
                random.value["messages"][0]["text"] == "Lunch at 12:30 works for me"
                    && random.value["messages"][0]["ts"] == .string(ts))
            #expect(random.value["messages"].list.count == 2)

            let admin = try await HTTP.get(fake.url("/__admin/providers/slack/messages")).value["messages"].list
            #expect(admin.compactMap { $0["channel_name"]?.stringValue } == ["random", "general"])
            #expect(
                admin[0]["text"] == "Lunch at 12:30 works for me" && admin[0]["user"] == "auth0|alice"
                    && admin[0]["author"] == "U0ALICE001")
            let onlyGeneral = try await HTTP.get(
                fake.url("/__admin/providers/slack/messages", query: [("channel", "C0GENERAL1")])
            ).value
            #expect(onlyGeneral["messages"].list.count == 1)
            #expect(try fake.providers.slackMessages(user: "auth0|alice").count == 2)

            for (form, error) in [
                (["channel": "G0HR000001", "text": "hi"], "channel_not_found"),
                (["channel": "C0OLDPROJ1", "text": "hi"], "is_archived"),
                (["channel": "C0GENERAL1"], "no_text"), (["channel": "nope", "text": "hi"], "channel_not_found"),
            ] {
                #expect(
                    try await call(fake, "chat.postMessage", token: token, form: form).json == [
                        "ok": false, "error": .string(error),
                    ], "\(form)")
            }
            #expect(
                try await call(fake, "conversations.history", token: token, form: ["channel": "G0HR000001"]).json[
                    "error"] == "channel_not_found")
            let needsGroups = try await call(
                fake, "conversations.history", token: token, form: ["channel": "G0LEADS001"])
            #expect(needsGroups.json["error"] == "missing_scope" && needsGroups.json["needed"] == "groups:history")
            #expect(try await call(fake, "emoji.list", token: token).json["error"] == "unknown_method")
        }
    }

    @Test("auth failures answer HTTP 200 with not_authed, invalid_auth, token_expired, token_revoked and missing_scope")
    func refusals() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let tokens = ProviderTokens(fake: fake)
            func expect(_ result: HTTPResult, _ error: String) {
                #expect(result.status == 200, "\(error)")
                #expect(result.json["ok"] == false && result.json["error"] == .string(error), "\(result.text)")
            }
            expect(try await call(fake, "conversations.list", token: nil), "not_authed")
            expect(try await call(fake, "conversations.list", token: "xoxp-made-up"), "invalid_auth")
            expect(try await call(fake, "conversations.list", token: try await tokens.google), "invalid_auth")
            let slack = try await tokens.slack
            let viaParameter = try await call(fake, "auth.test", token: nil, form: ["token": slack])
            #expect(viaParameter.json["ok"] == true, "a token parameter works too")
            fake.clock.advance(by: 3600)
            expect(try await call(fake, "auth.test", token: slack), "token_expired")
            let fresh = try await tokens.slack
            try fake.tenant.vault.setScopes(
                try tokens.account("sign-in-with-slack").id, ["channels:read", "groups:read"])
            let narrow = try await tokens.slack
            let missing = try await call(
                fake, "chat.postMessage", token: narrow, form: ["channel": "C0GENERAL1", "text": "hi"])
            expect(missing, "missing_scope")
            #expect(missing.json["needed"] == "chat:write" && missing.json["provided"] == "channels:read,groups:read")
            #expect(fresh == narrow, "re-scoping keeps the upstream token")
            try fake.tenant.vault.revoke(try tokens.account("sign-in-with-slack").id)
            expect(try await call(fake, "conversations.list", token: narrow), "token_revoked")
            #expect(try fake.providers.slackMessages().isEmpty)
        }
    }

    @Test("providers.slack.auth_errors_as_http_401 turns auth failures into HTTP 401 (and missing_scope into 403)")
    func httpErrorSwitch() async throws {
        let scenario = try TestScenario.make { $0.providers.slack.authErrorsAsHTTP401 = true }
        try await withFakeTenant(scenario: scenario) { fake in
            let tokens = ProviderTokens(fake: fake)
            let none = try await call(fake, "conversations.list", token: nil)
            #expect(none.status == 401 && none.json == ["ok": false, "error": "not_authed"])
            #expect(try await call(fake, "conversations.list", token: "xoxp-made-up").status == 401)
            try fake.tenant.vault.setScopes(try tokens.account("sign-in-with-slack").id, ["channels:read"])
            let missing = try await call(
                fake, "chat.postMessage", token: try await tokens.slack, form: ["channel": "C0GENERAL1", "text": "hi"])
            #expect(missing.status == 403 && missing.json["error"] == "missing_scope")
            #expect(try await call(fake, "conversations.list", token: try await tokens.slack).status == 200)
        }
    }

    @Test("slack.com in the Host header reaches the same API at /api/METHOD")
    func hostRouting() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).slack
            let result = try await HTTP.postForm(
                fake.url("/api/conversations.list"), ["limit": "1"],
                headers: bearer(token).merging(["Host": "slack.com"]) { a, _ in a })
            #expect(result.status == 200 && names(result) == ["general"], "\(result.text)")
        }
    }
}
