import FakeAuth0
import Foundation
import Hummingbird

/// `POST /bc-authorize`: starts an asynchronous (CIBA) authorization request.
struct BackchannelRoutes {
    let tenant: Tenant

    func register(on router: Router<BasicRequestContext>) {
        router.post("/bc-authorize") { request, _ in
            var request = request
            let parameters = try await request.parameters()
            let response = try await tenant.backchannelAuthorize(
                parameters: parameters, basic: try request.basicCredentials,
                issuer: tenant.issuer(forHost: request.host))
            return JSONResponse.make(json: response.json, noStore: true)
        }
    }
}
