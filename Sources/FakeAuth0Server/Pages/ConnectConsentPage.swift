import FakeAuth0
import Foundation
import HTTPTypes
import Hummingbird

/// The consent step of Connected Accounts at `/connected-accounts/connect?ticket=…`: in place of the
/// upstream provider's consent screen, it shows the connection and scopes with Allow and Deny (or
/// decides at once when the scenario's `connect.decide` says so), then sends the browser back to the app.
struct ConnectConsentPage {
    let tenant: Tenant

    func register(on router: Router<BasicRequestContext>) {
        router.get("/connected-accounts/connect") { request, _ in
            let ticket = request.query("ticket") ?? ""
            do {
                let consent = try tenant.myAccount.consent(ticket: ticket)
                if consent.automaticDecision != "page" {
                    return redirect(
                        try tenant.myAccount.decide(ticket: ticket, allow: consent.automaticDecision == "allow"))
                }
                return HTML.page(
                    title: "Connect \(consent.connectionDisplayName)", body: render(consent, ticket: ticket),
                    brand: PageBrand(tenant, client: consent.clientName))
            } catch let error as MyAccountError {
                return HTML.page(
                    title: "Cannot connect",
                    body: "<h1>Cannot connect</h1><p id=\"error\" class=\"error\">\(HTML.escape(error.detail))</p>",
                    status: .badRequest, brand: PageBrand(tenant))
            }
        }
        router.post("/connected-accounts/connect") { request, _ in
            var request = request
            let form = try await request.parameters()
            do {
                return redirect(
                    try tenant.myAccount.decide(ticket: form["ticket"] ?? "", allow: form["decision"] == "allow"))
            } catch let error as MyAccountError {
                return HTML.page(
                    title: "Cannot connect",
                    body: "<h1>Cannot connect</h1><p id=\"error\" class=\"error\">\(HTML.escape(error.detail))</p>",
                    status: .badRequest, brand: PageBrand(tenant))
            }
        }
    }

    func redirect(_ location: String) -> Response {
        Response(status: .found, headers: [.location: location])
    }

    func render(_ consent: ConnectConsent, ticket: String) -> String {
        let scopes = consent.scopes.map { "<li>\(HTML.escape($0))</li>" }.joined()
        return """
            <h1>Connect \(HTML.escape(consent.connectionDisplayName))</h1>
            <section class="card">
            <p><strong id="app">\(HTML.escape(consent.clientName))</strong> asks to use the
            \(HTML.escape(consent.connectionDisplayName)) account (<code>\(HTML.escape(consent.connection))</code>) of
            <strong>\(HTML.escape(consent.user))</strong> with these permissions:</p>
            <ul id="scopes">\(scopes.isEmpty ? "<li>(the connection's default scopes)</li>" : scopes)</ul>
            <div class="actions">
            <form method="post" action="/connected-accounts/connect">
            <input type="hidden" name="ticket" value="\(HTML.escape(ticket))"><input type="hidden" name="decision" value="allow">
            <button class="approve" type="submit">Allow</button></form>
            <form method="post" action="/connected-accounts/connect">
            <input type="hidden" name="ticket" value="\(HTML.escape(ticket))"><input type="hidden" name="decision" value="deny">
            <button class="deny" type="submit">Deny</button></form>
            </div></section>
            """
    }
}
