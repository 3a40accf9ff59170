import FakeAuth0
import Foundation
import Hummingbird

/// `POST /oauth/token`: every grant, behind the tenant's grant table.
struct TokenRoutes {
    let tenant: Tenant

    func register(on router: Router<BasicRequestContext>) {
        router.post("/oauth/token") { request, _ in
            var request = request
            let parameters = try await request.parameters()
            let response = try await tenant.token(
                parameters: parameters, basic: try request.basicCredentials,
                issuer: tenant.issuer(forHost: request.host))
            return JSONResponse.make(json: response.json, noStore: true)
        }
    }
}
