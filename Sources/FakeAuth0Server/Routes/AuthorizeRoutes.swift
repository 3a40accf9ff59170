import FakeAuth0
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /authorize` and the login page's `POST /login`: browser login with a session cookie.
struct AuthorizeRoutes {
    let tenant: Tenant
    static let sessionCookie = "fake_auth0_session"

    func register(on router: Router<BasicRequestContext>) {
        router.get("/authorize") { request, _ in
            var query: [String: String] = [:]
            for (name, value) in request.queryItems where !value.isEmpty && query[name] == nil { query[name] = value }
            let outcome = try tenant.login.authorize(
                query, sessionID: request.cookies[Self.sessionCookie]?.value,
                issuer: tenant.issuer(forHost: request.host))
            return respond(outcome)
        }
        router.post("/login") { request, _ in
            var request = request
            let form = try await request.parameters()
            let outcome = try tenant.login.completeLogin(
                transactionID: form["tx"] ?? "", form: form.values, issuer: tenant.issuer(forHost: request.host))
            return respond(outcome)
        }
    }

    func respond(_ outcome: AuthorizeOutcome) -> Response {
        switch outcome {
        case .errorPage(let message):
            return HTML.page(
                title: "Authorization error",
                body: "<h1>Authorization error</h1><p id=\"error\" class=\"error\">\(HTML.escape(message))</p>",
                status: .badRequest, brand: PageBrand(tenant))
        case .login(let prompt):
            return HTML.page(
                title: prompt.signup ? "Sign up" : "Log in", body: LoginPage.render(prompt),
                brand: PageBrand(tenant, client: prompt.clientName))
        case .redirect(let redirect):
            var response: Response
            switch redirect.mode {
            case .query:
                response = Response(status: .found, headers: [.location: redirect.url, .cacheControl: "no-store"])
            case .formPost:
                let inputs = redirect.parameters.map {
                    "<input type=\"hidden\" name=\"\(HTML.escape($0.0))\" value=\"\(HTML.escape($0.1))\">"
                }
                response = HTML.page(
                    title: "Submit this form",
                    body: """
                        <form method="post" action="\(HTML.escape(redirect.redirectURI))">\(inputs.joined())
                        <noscript><button type="submit">Continue</button></noscript></form>
                        <script>document.forms[0].submit()</script>
                        """, brand: PageBrand(tenant))
            }
            if let session = redirect.newSessionID {
                response.setCookie(
                    Cookie(name: Self.sessionCookie, value: session, path: "/", httpOnly: true, sameSite: .lax))
            }
            return response
        }
    }
}
