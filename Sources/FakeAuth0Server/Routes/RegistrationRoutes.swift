import FakeAuth0
import Foundation
import Hummingbird

/// `POST /oidc/register` (Dynamic Client Registration, RFC 7591) and `POST /oauth/revoke` (RFC 7009).
struct RegistrationRoutes {
    let tenant: Tenant

    func register(on router: Router<BasicRequestContext>) {
        router.post("/oidc/register") { request, _ in
            var request = request
            let buffer = try await request.collectBody(upTo: Request.maxBodySize)
            guard
                let body = try? JSONDecoder().decode([String: JSONValue].self, from: Data(buffer.readableBytesView))
            else {
                throw OAuthError("invalid_client_metadata", "The request body must be a JSON object of client metadata")
            }
            let registered = try await tenant.registerClient(body)
            return JSONResponse.make(status: .created, json: registered, noStore: true)
        }
        router.post("/oauth/revoke") { request, _ in
            var request = request
            let parameters = try await request.parameters()
            try await tenant.revoke(
                parameters: parameters, basic: try request.basicCredentials,
                issuer: tenant.issuer(forHost: request.host))
            return Response(status: .ok)
        }
    }
}
