import FakeAuth0
import Foundation
import Hummingbird

/// `GET /oidc/logout` (OpenID Connect RP-initiated logout) and `GET /v2/logout` (Auth0's own): end the
/// session and redirect only to a logout URL the client allows.
struct LogoutRoutes {
    let tenant: Tenant

    func register(on router: Router<BasicRequestContext>) {
        router.get("/oidc/logout") { request, _ in
            await logout(
                request, returnTo: request.query("post_logout_redirect_uri"), clientID: request.query("client_id"),
                idTokenHint: request.query("id_token_hint"), state: request.query("state"))
        }
        router.get("/v2/logout") { request, _ in
            await logout(
                request, returnTo: request.query("returnTo"), clientID: request.query("client_id"), idTokenHint: nil,
                state: nil)
        }
    }

    func logout(_ request: Request, returnTo: String?, clientID: String?, idTokenHint: String?, state: String?) async
        -> Response
    {
        let outcome = await tenant.login.logout(
            returnTo: returnTo.flatMap { $0.isEmpty ? nil : $0 }, clientID: clientID, idTokenHint: idTokenHint,
            state: state,
            sessionID: request.cookies[AuthorizeRoutes.sessionCookie]?.value,
            issuer: tenant.issuer(forHost: request.host))
        var response: Response
        switch outcome {
        case .redirect(let location):
            response = Response(status: .found, headers: [.location: location])
        case .loggedOut:
            response = HTML.page(title: "Logged out", body: "<h1>You are logged out</h1>", brand: PageBrand(tenant))
        case .errorPage(let message):
            response = HTML.page(
                title: "Logout error",
                body: "<h1>Logout error</h1><p id=\"error\" class=\"error\">\(HTML.escape(message))</p>",
                status: .badRequest, brand: PageBrand(tenant))
        }
        response.setCookie(
            Cookie(name: AuthorizeRoutes.sessionCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax)
        )
        return response
    }
}
