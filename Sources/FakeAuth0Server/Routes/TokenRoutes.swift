import FakeAuth0
import Foundation
import Hummingbird

/// `POST /oauth/token`: every grant, behind the tenant's grant table (`TokenEndpoint`).
struct TokenRoutes {
    let tenant: Tenant

    func register(on router: Router<BasicRequestContext>) {
        router.post(RouterPath(TokenEndpoint.path)) { request, _ in
            var request = request
            let body = try await request.bodyData()
            return await TokenEndpoint.answer(
                tenant: tenant, body: body, contentType: request.headers[.contentType],
                authorization: request.headers[.authorization], host: request.host
            ).response
        }
    }
}
