import FakeAuth0
import Foundation
import Hummingbird

/// `/.well-known/openid-configuration`, `/.well-known/oauth-authorization-server` and the JWKS.
struct WellKnownRoutes {
    let tenant: Tenant
    let scheme: String

    func register(on router: Router<BasicRequestContext>) {
        router.get("/.well-known/openid-configuration") { request, _ in discovery(request) }
        router.get("/.well-known/oauth-authorization-server") { request, _ in discovery(request) }
        router.get("/.well-known/jwks.json") { _, _ in
            JSONResponse.make(body: tenant.keys.jwksJSON, headers: ["Cache-Control": "public, max-age=15"])
        }
    }

    func discovery(_ request: Request) -> Response {
        let host = request.host ?? "localhost"
        let document = tenant.discoveryDocument(issuer: tenant.issuer(forHost: host), baseURL: "\(scheme)://\(host)")
        return JSONResponse.make(body: document, headers: ["Cache-Control": "public, max-age=15"])
    }
}
