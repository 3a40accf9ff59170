import FakeAuth0
import FakeProviders
import Foundation

/// The dashboard at `GET /__admin`: the tenant (clients, APIs, users, connections), the clock, pending
/// CIBA requests, Token Vault accounts, what agents wrote through the stub providers and the live
/// journal. Rendered on the server; its buttons and forms call the control API itself (the same
/// `/__admin/…` endpoints) from a small inline script, which also follows the journal's event stream.
struct DashboardPage {
    let tenant: Tenant
    let providers: Providers
    /// The journal filters of the page's URL (`event`, `client`, `user`).
    let filter: JournalQuery

    /// How many journal entries the page renders; newer ones arrive through the stream.
    static let journalRows = 200

    func render() throws -> String {
        """
        <h1>Dashboard</h1>
        <p id="status" role="status" class="muted"></p>
        <div class="grid">
        <section class="card" id="clock">\(clock())</section>
        \(live("ciba", try ciba()))
        </div>
        \(live("vault", try vault()))
        \(DashboardJournal(journal: tenant.journal, filter: filter).render())
        \(live("writes", try DashboardWrites(providers: providers).render()))
        \(live("tenant", try tenantSection()))
        <script>
        \(DashboardScript.javaScript)
        </script>
        """
    }

    /// A section the script replaces by its fresh copy (when it changed) after every action and every
    /// new journal entry. The clock's form is not one, so typing in it survives; its parts are.
    func live(_ id: String, _ content: String) -> String {
        "<section class=\"card\" id=\"\(id)\" data-live>\(content)</section>"
    }

    func clock() -> String {
        let now = tenant.clock.now()
        let frozen = tenant.clock.isFrozen
        return """
            <h2>Clock</h2>
            <p><span id="clock-now" class="mono" data-live>\(HTML.escape(RFC3339.format(now)))</span>
            <span id="clock-state" class="badge \(frozen ? "warn" : "ok")" data-live>\(frozen ? "frozen" : "running")</span></p>
            <form class="inline" data-url="/__admin/clock/advance" id="clock-advance">
            <label>Advance by (seconds) <input type="number" name="seconds" value="60" step="1" required></label>
            <button type="submit" class="primary">Advance</button>
            <button type="button" data-url="/__admin/clock/\(frozen ? "resume" : "freeze")" id="clock-toggle" data-live>\(frozen ? "Resume" : "Freeze")</button>
            </form>
            """
    }

    func ciba() throws -> String {
        let pending = try tenant.ciba.requests(user: nil, pendingOnly: true)
        guard !pending.isEmpty else { return "<h2>Pending CIBA requests</h2><p class=\"muted\">None.</p>" }
        let rows = pending.map { request -> String in
            let id = HTML.escape(request.authReqID)
            let path = "/__admin/ciba/requests/\(HTML.pathSegment(request.authReqID))"
            return """
                <tr data-auth-req-id="\(id)"><td data-label="Message">\(HTML.escape(request.bindingMessage ?? "(none)"))</td>
                <td data-label="User">\(HTML.escape(request.user))</td><td data-label="Client">\(HTML.escape(request.client))</td>
                <td data-label="Scope">\(HTML.escape(request.scope))</td>
                <td><div class="actions"><button class="approve" data-url="\(HTML.escape(path))/approve">Approve</button>
                <button class="deny" data-url="\(HTML.escape(path))/deny">Deny</button></div></td></tr>
                """
        }
        return """
            <h2>Pending CIBA requests</h2><div class="scroll"><table class="rows">
            <thead><tr><th>Message</th><th>User</th><th>Client</th><th>Scope</th><th></th></tr></thead>
            <tbody>\(rows.joined())</tbody></table></div>
            """
    }

    func vault() throws -> String {
        let accounts = try tenant.vault.accounts(user: nil, connection: nil)
        guard !accounts.isEmpty else { return "<h2>Token Vault accounts</h2><p class=\"muted\">None.</p>" }
        let now = Int(tenant.clock.now().timeIntervalSince1970)
        let rows = accounts.map { account -> String in
            let path = "/__admin/vault/accounts/\(HTML.pathSegment(account.id))"
            let state =
                account.revoked
                ? "<span class=\"badge bad\">revoked</span>"
                : account.accessExpiresAt <= now
                    ? "<span class=\"badge warn\">expired</span>" : "<span class=\"badge ok\">active</span>"
            let expires = RFC3339.format(Date(timeIntervalSince1970: TimeInterval(account.accessExpiresAt)))
            return """
                <tr data-account-id="\(HTML.escape(account.id))"><td data-label="User">\(HTML.escape(account.userSub))</td>
                <td data-label="Connection">\(HTML.escape(account.connection))</td>
                <td data-label="Scopes">\(HTML.escape(account.scopes))</td>
                <td data-label="Token expires" class="mono">\(HTML.escape(expires))</td>
                <td data-label="State" class="state">\(state)\(account.refreshToken == nil ? " <span class=\"muted\">no refresh token</span>" : "")</td>
                <td><div class="actions"><button class="revoke" data-url="\(HTML.escape(path))/revoke">Revoke</button>
                <button class="expire" data-url="\(HTML.escape(path))/expire">Expire</button>
                <button class="unlink danger" data-method="DELETE" data-url="\(HTML.escape(path))">Unlink</button></div></td></tr>
                """
        }
        return """
            <h2>Token Vault accounts</h2><div class="scroll"><table class="rows">
            <thead><tr><th>User</th><th>Connection</th><th>Scopes</th><th>Token expires</th><th>State</th><th></th></tr></thead>
            <tbody>\(rows.joined())</tbody></table></div>
            """
    }

    func tenantSection() throws -> String {
        let config = tenant.config
        let clients = try tenant.clientList().map { client -> [String] in
            let grants = client["grants"].flatMap { value -> String? in
                guard case .array(let list) = value else { return nil }
                return list.compactMap(\.stringValue).joined(separator: " ")
            }
            return [
                client["client_id"]?.stringValue ?? "", client["name"]?.stringValue ?? "",
                client["type"]?.stringValue ?? "", grants ?? "",
            ]
        }
        return """
            <h2>Tenant <span class="muted">\(HTML.escape(config.settings.name))</span></h2>
            <div class="grid">
            \(Self.table("Clients", id: "clients", ["Client ID", "Name", "Type", "Grants"], clients))
            \(Self.table("APIs", id: "apis", ["Audience", "Name", "Scopes"], config.scenario.apis.map { [$0.audience, $0.name, $0.scopes.joined(separator: " ")] }))
            \(Self.table("Users", id: "users", ["Sub", "Email", "Name"], config.scenario.users.map { [$0.sub, $0.email ?? "", $0.name ?? ""] }))
            \(Self.table("Connections", id: "connections", ["Name", "Strategy", "Display name", "Scopes"], config.scenario.connections.map { [$0.name, $0.strategy, $0.displayName, $0.scopes.joined(separator: " ")] }))
            </div>
            """
    }

    /// A titled table of text cells (escaped), labelled for the phone layout.
    static func table(_ title: String, id: String, _ headings: [String], _ rows: [[String]]) -> String {
        guard !rows.isEmpty else { return "<div id=\"\(id)\"><h3>\(title)</h3><p class=\"muted\">None.</p></div>" }
        let head = headings.map { "<th>\(HTML.escape($0))</th>" }.joined()
        let body = rows.map { row in
            "<tr>" + zip(headings, row).map { "<td data-label=\"\(HTML.escape($0))\">\(HTML.escape($1))</td>" }.joined()
                + "</tr>"
        }.joined()
        return """
            <div id="\(id)"><h3>\(title)</h3><div class="scroll"><table class="rows"><thead><tr>\(head)</tr></thead>
            <tbody>\(body)</tbody></table></div></div>
            """
    }
}
