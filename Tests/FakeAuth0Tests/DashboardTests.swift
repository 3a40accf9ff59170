import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

@Suite("Dashboard and the pages' shared look")
struct DashboardTests {
    /// The attribute values of `name` in `html`, in order (`data-url="…"`).
    static func attributes(_ name: String, in html: String) -> [String] {
        html.components(separatedBy: "\(name)=\"").dropFirst().map { $0.components(separatedBy: "\"")[0] }
    }

    @Test(
        "GET /__admin shows the tenant, the clock, pending CIBA requests, vault accounts, provider writes and the journal"
    )
    func dashboardShowsTheTenant() async throws {
        try await withFakeTenant(scenario: cibaScenario()) { fake in
            let id = try await CIBAClient(fake: fake).started(extra: ["binding_message": "<b>Buy</b> 3 apples"])
            let slack = try await ProviderTokens(fake: fake).slack
            let posted = try await HTTP.postJSON(
                fake.url("/slack/api/chat.postMessage"), ["channel": "#random", "text": "Lunch <at> noon"],
                headers: bearer(slack))
            #expect(posted.json["ok"] == true, "\(posted.text)")

            let page = try await HTTP.get(fake.url("/__admin"))
            #expect(page.status == 200)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            #expect(page.header("Cache-Control") == "no-store")
            #expect(page.header("Content-Security-Policy") == "frame-ancestors 'none'")
            #expect(page.header("X-Frame-Options") == "DENY")
            let html = page.text
            // The tenant: its name, clients, APIs, users, connections.
            #expect(html.contains("<span class=\"tenant\">demo</span>"))
            for text in [
                "demo-web", "Demo Web App", TestScenario.apiAudience, "auth0|alice", "bob@example.com", "github",
            ] {
                #expect(html.contains(escaped(text)), "missing \(text)")
            }
            // The pending request, escaped, with buttons that name its control routes.
            #expect(html.contains("<tr data-auth-req-id=\"\(id)\">"))
            #expect(html.contains("&lt;b&gt;Buy&lt;/b&gt; 3 apples") && !html.contains("<b>Buy</b>"))
            let urls = Self.attributes("data-url", in: html)
            #expect(urls.contains("/__admin/ciba/requests/\(id)/approve"))
            #expect(urls.contains("/__admin/ciba/requests/\(id)/deny"))
            // Every vault account, with revoke, expire and unlink.
            let accounts = try fake.tenant.vault.accounts(user: nil, connection: nil)
            #expect(accounts.count == 3)
            for account in accounts {
                #expect(html.contains("<tr data-account-id=\"\(account.id)\">"))
                for action in ["/revoke", "/expire", ""] {
                    #expect(urls.contains("/__admin/vault/accounts/\(account.id)\(action)"))
                }
                #expect(!html.contains(account.accessToken), "upstream tokens stay off the page")
            }
            // The provider write, the clock, and the journal with its newest entries first.
            #expect(html.contains("<td data-label=\"Service\">Slack</td>") && html.contains("Lunch &lt;at&gt; noon"))
            #expect(html.contains("id=\"clock-now\"") && urls.contains("/__admin/clock/advance"))
            let events = Self.attributes("data-event", in: html).filter { !$0.isEmpty }
            #expect(events.prefix(2) == ["slack.message.posted", "tokenvault.exchanged"], "\(events)")
            #expect(events.contains("ciba.requested"))
            #expect(html.contains("data-last-seq=\"\(fake.tenant.journal.lastSequence)\""))
            // Offline: no external stylesheet, script or image; no secret of the scenario.
            #expect(!html.contains("href=\"http") && !html.contains("src=") && !html.contains("@import"))
            #expect(html.contains("<link rel=\"icon\" href=\"data:,\">"), "no favicon request")
            for secret in ["demo-web-secret", "demo-m2m-secret", "alice-password", "demo-alice-refresh-token"] {
                #expect(!html.contains(secret), "\(secret) on the dashboard")
            }
            #expect(
                !fake.tenant.journal.entries().contains { $0.path == "/__admin" }, "reading the page is not journaled")
        }
    }

    @Test("the dashboard's journal takes the journal API's event, client and user filters")
    func dashboardJournalFilter() async throws {
        try await withFakeTenant(scenario: cibaScenario()) { fake in
            _ = try await CIBAClient(fake: fake).started()
            _ = try await CIBAClient(fake: fake).started(user: "auth0|bob")
            let filtered = try await HTTP.get(
                fake.url("/__admin", query: [("event", "ciba.*"), ("user", "auth0|bob")]))
            #expect(filtered.status == 200)
            let rows = filtered.text.components(separatedBy: "<tr data-seq=").dropFirst()
            #expect(rows.count == 1 && rows.first?.contains("auth0|bob") == true)
            #expect(filtered.text.contains("data-event=\"ciba.*\"") && filtered.text.contains("value=\"ciba.*\""))
            let all = try await HTTP.get(fake.url("/__admin"))
            #expect(all.text.components(separatedBy: "<tr data-seq=").count - 1 == fake.tenant.journal.entries().count)
        }
    }

    @Test("login, consent, approval device and dashboard share one stylesheet, the viewport and the tenant's name")
    func pagesShareTheLook() async throws {
        try await withFakeTenant(scenario: cibaScenario()) { fake in
            let client = LoginClient(fake: fake)
            let login = try await client.authorize()
            _ = try await CIBAClient(fake: fake).started()
            let device = try await HTTP.get(fake.url("/__device", query: [("user", "auth0|alice")]))
            let dashboard = try await HTTP.get(fake.url("/__admin"))
            let consent = try await Self.consentPage(fake)
            for (name, page) in [("login", login), ("device", device), ("dashboard", dashboard), ("consent", consent)] {
                #expect(page.status == 200, "\(name): \(page.status)")
                #expect(page.text.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
                #expect(page.text.contains("table.rows td[data-label]::before"), "\(name) has the shared stylesheet")
                #expect(page.text.contains("<header class=\"brand\"><span class=\"tenant\">demo</span>"), "\(name)")
            }
            #expect(login.text.contains("<span class=\"client\">Demo Web App</span>"))
            #expect(consent.text.contains("<span class=\"client\">Demo Web App</span>"))
            #expect(consent.text.contains("<strong id=\"app\">Demo Web App</strong>"))
            #expect(device.text.contains("Demo Web App <span class=\"muted\">(demo-web)</span>"))
        }
    }

    /// The Connected Accounts consent page of a `connect` for GitHub by demo-web.
    static func consentPage(_ fake: FakeTenant) async throws -> HTTPResult {
        let token = try await ConnectedAccountsTests.meToken(fake)
        let connect = try await HTTP.postJSON(
            fake.url("/me/v1/connected-accounts/connect"),
            [
                "connection": "github", "redirect_uri": .string(ConnectedAccountsTests.callback), "state": "s",
                "code_challenge": .string(ConnectedAccountsTests.challenge("a-long-random-code-verifier-0123456789")),
                "code_challenge_method": "S256", "scopes": ["repo"],
            ],
            headers: ["Authorization": "Bearer \(token)"])
        let uri = try #require(connect.json["connect_uri"]?.stringValue)
        let ticket = try #require(connect.json["connect_params"]?["ticket"]?.stringValue)
        return try await HTTP.get(URL(string: uri + "?ticket=" + ticket)!)
    }
}

/// `text` as the pages escape it.
private func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        .replacingOccurrences(of: "'", with: "&#39;")
}
