import FakeAuth0
import FakeAuth0Testing
import FakeProviders
import Foundation
import Testing

/// Reads the journal over the control API, as a test suite in another language would.
struct JournalClient {
    let fake: FakeTenant

    func entries(_ query: [(String, String)] = []) async throws -> [JSONValue] {
        let result = try await HTTP.get(fake.url("/__admin/journal", query: query))
        #expect(result.status == 200, "\(result.text)")
        return result.value["entries"].list
    }

    func events(_ query: [(String, String)] = []) async throws -> [String] {
        try await entries(query).compactMap { $0["event"]?.stringValue }
    }
}

@Suite("the journal of domain events")
struct JournalTests {
    @Test("a CIBA flow: requested, polled (pending), approved, polled (approved), token issued, in that order")
    func cibaFlow() async throws {
        try await withFakeTenant(scenario: cibaScenario()) { fake in
            let ciba = CIBAClient(fake: fake)
            let id = try await ciba.started()
            #expect(try await ciba.poll(id).error == "authorization_pending")
            let approved = try await HTTP.postJSON(fake.url("/__admin/ciba/requests/\(id)/approve"), [:])
            #expect(approved.status == 200)
            let tokens = try await ciba.poll(id)
            #expect(tokens.status == 200)

            let journal = JournalClient(fake: fake)
            let entries = try await journal.entries([("event", "ciba.*")])
            #expect(
                entries.map { $0["event"]?.stringValue }
                    == ["ciba.requested", "ciba.polled", "ciba.approved", "ciba.polled"])
            #expect(entries.allSatisfy { $0["details"]["auth_req_id"]?.stringValue == id })
            #expect(entries.allSatisfy { $0["user"] == "auth0|alice" && $0["client"] == "demo-web" })
            #expect(
                entries[0]["method"] == "POST" && entries[0]["path"] == "/bc-authorize" && entries[0]["status"] == 200)
            #expect(entries[0]["details"]["binding_message"] == "Approve the purchase")
            #expect(entries[1]["details"]["result"] == "pending" && entries[1]["status"] == 400)
            #expect(entries[2]["details"]["decided_by"] == "control")
            #expect(entries[2]["path"] == .string("/__admin/ciba/requests/\(id)/approve"))
            #expect(entries[3]["details"]["result"] == "approved" && entries[3]["status"] == 200)
            let sequences = entries.compactMap { $0["seq"]?.intValue }
            #expect(sequences == sequences.sorted() && Set(sequences).count == 4)

            let issued = try #require(try await journal.entries([("event", "token.issued")]).first)
            #expect(issued["details"]["grant"] == "ciba" && issued["user"] == "auth0|alice")
            #expect(issued["details"]["audience"] == .string(TestScenario.apiAudience))
            #expect(issued["details"]["scope"] == "openid profile offline_access read:data")
            let accessToken = try #require(tokens.json["access_token"]?.stringValue)
            #expect(issued["details"]["access_token"] == .string(JournalFingerprint.of(accessToken)))
            #expect(issued["details"]["refresh_token"]?.stringValue?.hasPrefix("sha256:") == true)
            #expect(try #require(issued["seq"]?.intValue) > sequences[3], "the poll's entry comes before the token's")
            #expect(
                try await journal.events([("event", "token.refused")]).isEmpty, "a pending poll is ciba.polled only")

            // The same, through Swift.
            let swift = fake.tenant.journal.entries(JournalQuery(event: "ciba.*", user: "auth0|alice"))
            #expect(swift.map(\.event) == ["ciba.requested", "ciba.polled", "ciba.approved", "ciba.polled"])
            #expect(swift.map(\.sequence) == sequences)
            #expect(swift[1].details["result"] == "pending" && swift[1].status == 400 && swift[1].method == "POST")
        }
    }

    @Test("polling too fast is ciba.polled with slow_down; a request that ran out is ciba.expired")
    func slowDownAndExpiry() async throws {
        try await withFakeTenant(scenario: cibaScenario { $0.interval = 5 }, clock: frozenClock()) { fake in
            let ciba = CIBAClient(fake: fake)
            let id = try await ciba.started()
            #expect(try await ciba.poll(id).error == "authorization_pending")
            #expect(try await ciba.poll(id).error == "slow_down")
            fake.clock.advance(by: 3600)
            #expect(try await ciba.poll(id).error == "expired_token")
            let polls = fake.tenant.journal.entries(JournalQuery(event: "ciba.polled"))
            #expect(polls.map { $0.details["result"] } == ["pending", "slow_down", "expired"])
            #expect(fake.tenant.journal.entries(JournalQuery(event: "ciba.expired")).count == 1)
            let refused = fake.tenant.journal.entries(JournalQuery(event: "token.refused"))
            #expect(refused.map { $0.details["error"] } == ["expired_token"])
        }
    }

    @Test("Token Vault: an exchange granted, the account revoked by the control API, the next exchange refused")
    func tokenVault() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let vault = VaultClient(fake: fake)
            let granted = try await vault.exchange(extra: ["scope": "https://www.googleapis.com/auth/gmail.readonly"])
            #expect(granted.status == 200)
            let account = try ProviderTokens(fake: fake).account("google-oauth2")
            let revoked = try await HTTP.postJSON(fake.url("/__admin/vault/accounts/\(account.id)/revoke"), [:])
            #expect(revoked.status == 200)
            let refused = try await vault.exchange()
            #expect(refused.status == 401)

            let entries = try await JournalClient(fake: fake).entries([("event", "*vault*")])
            #expect(
                entries.map { $0["event"]?.stringValue }
                    == ["tokenvault.exchanged", "admin.vault.revoked", "tokenvault.refused"])
            let exchanged = entries[0]
            #expect(exchanged["user"] == "auth0|alice" && exchanged["client"] == "demo-web")
            #expect(exchanged["details"]["connection"] == "google-oauth2")
            #expect(exchanged["details"]["subject_token_type"] == "refresh_token")
            #expect(exchanged["details"]["scope_asked"] == "https://www.googleapis.com/auth/gmail.readonly")
            #expect(exchanged["details"]["scope"] == granted.json["scope"])
            #expect(exchanged["details"]["account"] == .string(account.id))
            #expect(
                exchanged["details"]["upstream_token"]
                    == .string(JournalFingerprint.of(try #require(granted.json["access_token"]?.stringValue))))
            #expect(entries[1]["user"] == "auth0|alice" && entries[1]["details"]["account"] == .string(account.id))
            let refusal = entries[2]
            #expect(refusal["status"] == 401 && refusal["client"] == "demo-web")
            #expect(refusal["details"]["error"] == "federated_connection_refresh_token_not_found")
            #expect(refusal["details"]["reason"]?.stringValue?.contains("revoked") == true)
            #expect(refusal["details"]["connection"] == "google-oauth2")

            let swift = fake.tenant.journal.entries(JournalQuery(event: "tokenvault.*", client: "demo-web"))
            #expect(swift.map(\.event) == ["tokenvault.exchanged", "tokenvault.refused"])
        }
    }

    @Test("a Gmail send is gmail.message.sent; a refused provider call says why")
    func providerCalls() async throws {
        let scenario = try TestScenario.make { scenario in
            let google = scenario.users[0].connectedAccounts.firstIndex { $0.connection == "google-oauth2" }!
            scenario.users[0].connectedAccounts[google].scopes += ["https://www.googleapis.com/auth/gmail.send"]
        }
        try await withFakeTenant(scenario: scenario) { fake in
            let tokens = ProviderTokens(fake: fake)
            let google = try await tokens.google
            let mime = "To: bob@example.com\r\nSubject: Lunch\r\n\r\nNoon?"
            let sent = try await HTTP.postJSON(
                fake.url("/google/gmail/v1/users/me/messages/send"), ["raw": .string(Base64URL.encode(mime))],
                headers: bearer(google))
            #expect(sent.status == 200)
            let github = try await tokens.github
            let wrong = try await HTTP.get(
                fake.url("/google/gmail/v1/users/me/messages"), headers: bearer(github))
            #expect(wrong.status == 401)
            let issue = try await HTTP.postJSON(
                fake.url("/github/repos/acme/nowhere/issues"), ["title": "x"], headers: bearer("not-a-token"))
            #expect(issue.status == 401)

            let entries = try await JournalClient(fake: fake).entries([("event", "gmail.*"), ("user", "auth0|alice")])
            #expect(entries.count == 1)
            #expect(entries[0]["details"]["to"] == ["bob@example.com"] && entries[0]["details"]["subject"] == "Lunch")
            #expect(entries[0]["details"]["id"] == sent.json["id"])
            #expect(entries[0]["path"] == "/google/gmail/v1/users/me/messages/send" && entries[0]["status"] == 200)

            let refusals = fake.tenant.journal.entries(JournalQuery(event: "provider.refused"))
            #expect(refusals.map { $0.details["provider"] } == ["google", "github"])
            #expect(refusals[0].details["reason"] == "wrong provider's token (github)")
            #expect(refusals[0].user == "auth0|alice" && refusals[0].status == 401)
            #expect(refusals[1].details["reason"] == "unknown token")
            #expect(refusals[1].details["token"] == .string(JournalFingerprint.of("not-a-token")))
            let order = fake.tenant.journal.entries(JournalQuery(event: "*.*", user: "auth0|alice")).map(\.event)
            #expect(
                order.filter { !$0.hasPrefix("tokenvault") }
                    == ["gmail.message.sent", "provider.refused"])
        }
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let google = try await ProviderTokens(fake: fake).google
            let mime = "To: bob@example.com\r\nSubject: Lunch\r\n\r\nNoon?"
            let sent = try await HTTP.postJSON(
                fake.url("/google/gmail/v1/users/me/messages/send"), ["raw": .string(Base64URL.encode(mime))],
                headers: bearer(google))
            #expect(sent.status == 403)
            let refusal = try #require(fake.tenant.journal.entries(JournalQuery(event: "provider.refused")).first)
            #expect(refusal.details["reason"] == "missing scope" && refusal.status == 403)
            #expect(refusal.details["needed"]?.list.isEmpty == false)
            #expect(fake.tenant.journal.entries(JournalQuery(event: "gmail.*")).isEmpty)
        }
    }

    @Test("no secret reaches the journal: client secrets, passwords, tokens, upstream tokens")
    func noSecrets() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let clock = TenantClock()
        let journal = Journal(clock: clock, file: try JournalFile(path: file.path))
        let scenario = try cibaScenario { $0.defaultDecision = .approve }
        try await withFakeTenant(scenario: scenario, clock: clock, journal: journal) { fake in
            var secrets = scenario.clients.compactMap(\.secret) + scenario.users.compactMap(\.password)
            secrets += scenario.refreshTokens.map(\.token)
            secrets += try fake.tenant.vault.accounts().flatMap {
                [$0.accessToken] + [$0.refreshToken].compactMap { $0 }
            }

            let m2m = try await HTTP.postForm(
                fake.url("/oauth/token"),
                ["grant_type": "client_credentials", "client_id": "demo-m2m", "client_secret": "demo-m2m-secret"])
            #expect(m2m.status == 200)
            let wrongSecret = try await HTTP.postForm(
                fake.url("/oauth/token"),
                ["grant_type": "client_credentials", "client_id": "demo-m2m", "client_secret": "guessed-secret"])
            #expect(wrongSecret.status == 401)
            secrets.append("guessed-secret")
            let ciba = CIBAClient(fake: fake)
            let cibaTokens = try await ciba.poll(try await ciba.started())
            #expect(cibaTokens.status == 200)
            let vault = try await VaultClient(fake: fake).exchange()
            #expect(vault.status == 200)
            for response in [m2m, cibaTokens, vault] {
                for field in ["access_token", "id_token", "refresh_token"] {
                    if let token = response.json[field]?.stringValue { secrets.append(token) }
                }
            }
            let login = LoginClient(fake: fake)
            let page = try await login.authorize()
            let tx = try #require(page.loginTransaction)
            _ = try await login.browser.post(
                fake.url("/login"), form: ["tx": tx, "email": "alice@example.com", "password": "wrong-password"])
            _ = try await login.browser.post(
                fake.url("/login"), form: ["tx": tx, "email": "alice@example.com", "password": "alice-password"])
            secrets.append("wrong-password")

            let text = try await HTTP.get(fake.url("/__admin/journal")).text
            #expect(text.contains("login.failed") && text.contains("login.succeeded") && text.contains("token.issued"))
            let lines = try String(contentsOf: file, encoding: .utf8)
            #expect(lines.split(separator: "\n").count == fake.tenant.journal.lastSequence)
            for secret in Set(secrets) where secret.count >= 6 {
                #expect(!text.contains(secret), "the journal holds a secret: \(secret.prefix(12))…")
                #expect(!lines.contains(secret), "the journal file holds a secret: \(secret.prefix(12))…")
            }
        }
    }

    @Test("queries: globs, client, user, since, limit, range checks, clear; the ring keeps the newest entries")
    func queriesAndRing() async throws {
        let scenario = try TestScenario.make { $0.tenant.journalSize = 3 }
        try await withFakeTenant(scenario: scenario) { fake in
            for _ in 0..<4 {
                let response = try await HTTP.postForm(
                    fake.url("/oauth/token"),
                    ["grant_type": "client_credentials", "client_id": "demo-m2m", "client_secret": "demo-m2m-secret"])
                #expect(response.status == 200)
            }
            let kept = try await JournalClient(fake: fake).entries()
            #expect(kept.compactMap { $0["seq"]?.intValue } == [2, 3, 4])
            #expect(kept.allSatisfy { $0["event"] == "token.issued" && $0["client"] == "demo-m2m" })
            #expect(kept.allSatisfy { $0["time"]?.stringValue != nil && $0["wall_time"]?.stringValue != nil })
            #expect(try await JournalClient(fake: fake).entries([("since", "3")]).count == 1)
            #expect(
                try await JournalClient(fake: fake).entries([("limit", "2")]).compactMap { $0["seq"]?.intValue } == [
                    2, 3,
                ])
            #expect(try await JournalClient(fake: fake).entries([("event", "token.*")]).count == 3)
            #expect(try await JournalClient(fake: fake).entries([("event", "*.refused")]).isEmpty)
            #expect(try await JournalClient(fake: fake).entries([("client", "demo-web")]).isEmpty)
            for bad in [
                ("limit", "0"), ("limit", "10001"), ("limit", "x"), ("since", "-1"), ("since", "99999999999999999999"),
            ] {
                let result = try await HTTP.get(fake.url("/__admin/journal", query: [bad]))
                #expect(result.status == 400 && result.error == "invalid_request", "\(bad)")
            }
            let cleared = try await HTTP.send("DELETE", fake.url("/__admin/journal"))
            #expect(cleared.status == 204)
            let after = try await JournalClient(fake: fake).entries()
            #expect(after.map { $0["event"] } == ["admin.journal.cleared"] && after.first?["seq"] == 5)
        }
        let off = try TestScenario.make { $0.tenant.journalSize = 0 }
        try await withFakeTenant(scenario: off) { fake in
            _ = try await HTTP.get(fake.url("/.well-known/jwks.json"))
            #expect(try await JournalClient(fake: fake).entries().isEmpty)
            #expect(fake.tenant.journal.lastSequence == 0)
        }
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            _ = try await HTTP.get(fake.url("/.well-known/jwks.json"))
            _ = try await HTTP.get(fake.url("/__admin/clock"))
            let entries = fake.tenant.journal.entries()
            #expect(
                entries.map(\.event) == ["request"], "a request without domain events; control-API reads are not kept")
            #expect(entries.first?.path == "/.well-known/jwks.json" && entries.first?.status == 200)
        }
        #expect(throws: OAuthError.self) { try JournalQuery(parameters: ["limit": "-5"]) }
        #expect(throws: ScenarioError.self) {
            try ScenarioLoader.load(yaml: "tenant:\n  journal_size: -1\n", file: "s.yaml")
        }
    }

    @Test("new entries as server-sent events and as a Swift AsyncSequence")
    func streams() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let updates = fake.tenant.journal.updates(JournalQuery(event: "admin.clock.*"))
            let since = fake.tenant.journal.lastSequence
            async let stream = HTTP.get(
                fake.url(
                    "/__admin/journal/stream",
                    query: [("event", "admin.clock.*"), ("since", String(since)), ("limit", "2")]))
            #expect(try await HTTP.postJSON(fake.url("/__admin/clock/advance"), ["seconds": 60]).status == 200)
            #expect(try await HTTP.postJSON(fake.url("/__admin/clock/freeze"), [:]).status == 200)
            let result = try await stream
            #expect(result.header("Content-Type") == "text/event-stream")
            let events = result.text.components(separatedBy: "\n\n").filter { $0.hasPrefix("id: ") }
            #expect(events.count == 2)
            #expect(events[0].contains("event: journal") && events[0].contains(#""event":"admin.clock.advanced""#))
            #expect(events[0].contains(#""seconds":60"#) && events[1].contains(#""event":"admin.clock.frozen""#))

            var received: [String] = []
            for await entry in updates {
                received.append(entry.event)
                if received.count == 2 { break }
            }
            #expect(received == ["admin.clock.advanced", "admin.clock.frozen"])
            let bad = try await HTTP.get(fake.url("/__admin/journal/stream", query: [("limit", "0")]))
            #expect(bad.status == 400)
        }
    }
}
