import FakeAuth0
import Foundation
import Hummingbird

/// The simulated authenticator device at `/__device`: lists a user's pending CIBA requests with their
/// binding message and authorization details, and approves or denies them.
struct ApprovalDevicePage {
    let tenant: Tenant

    func register(on router: Router<BasicRequestContext>) {
        router.get("/__device") { request, _ in
            let user = request.query("user")
            return HTML.page(
                title: "Authenticator",
                body: render(user: user, requests: try tenant.ciba.requests(user: user, pendingOnly: true)),
                brand: PageBrand(tenant))
        }
        router.post("/__device/requests/{id}/{action}") { request, context in
            let id = try context.parameters.require("id")
            switch try context.parameters.require("action") {
            case "approve": try tenant.ciba.approve(id)
            case "deny": try tenant.ciba.deny(id)
            default: throw HTTPError(.notFound)
            }
            let user =
                request.query("user").map {
                    "?user=" + (String($0).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                } ?? ""
            return Response(status: .seeOther, headers: [.location: "/__device\(user)"])
        }
    }

    func render(user: String?, requests: [CIBARequestView]) -> String {
        let heading = user.map { "Requests for \(HTML.escape($0))" } ?? "All pending requests"
        guard !requests.isEmpty else {
            return "<h1>\(heading)</h1><p id=\"empty\">No pending requests.</p>"
        }
        let query =
            user.map { "?user=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") } ?? ""
        let items = requests.map { request in
            let details = detailsHTML(request.authorizationDetails)
            return """
                <section class="request" data-auth-req-id="\(HTML.escape(request.authReqID))">
                <p class="binding">\(HTML.escape(request.bindingMessage ?? "(no binding message)"))</p>
                <dl><dt>User</dt><dd>\(HTML.escape(request.user))</dd><dt>Application</dt><dd>\(application(request.client))</dd>
                <dt>Scope</dt><dd>\(HTML.escape(request.scope))</dd>\(request.audience.map { "<dt>API</dt><dd>\(HTML.escape($0))</dd>" } ?? "")</dl>
                \(details)
                <div class="actions">
                <form method="post" action="/__device/requests/\(HTML.escape(request.authReqID))/approve\(query)">
                <button class="approve" type="submit">Approve</button></form>
                <form method="post" action="/__device/requests/\(HTML.escape(request.authReqID))/deny\(query)">
                <button class="deny" type="submit">Deny</button></form>
                </div></section>
                """
        }
        return "<h1>\(heading)</h1>" + items.joined()
    }

    /// The client's name and id (just the id when the scenario names it the same way).
    func application(_ client: String) -> String {
        guard let name = tenant.config.clients[client]?.name, name != client else { return HTML.escape(client) }
        return "\(HTML.escape(name)) <span class=\"muted\">(\(HTML.escape(client)))</span>"
    }

    /// Each authorization_details element as a titled list of its fields.
    func detailsHTML(_ details: JSONValue?) -> String {
        guard case .array(let elements)? = details else { return "" }
        return elements.map { element -> String in
            guard case .object(let fields) = element else { return "" }
            let rows = fields.keys.sorted().filter { $0 != "type" }.map { key -> String in
                let value = fields[key]!
                return "<dt>\(HTML.escape(key))</dt><dd>\(HTML.escape(value.stringValue ?? value.description))</dd>"
            }
            return
                "<h3>\(HTML.escape(fields["type"]?.stringValue ?? "details"))</h3><dl class=\"details\">\(rows.joined())</dl>"
        }.joined()
    }
}
