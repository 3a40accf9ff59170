import FakeAuth0
import Foundation
import Hummingbird

/// Guards the control API when the fake listens beyond loopback: every `/__admin` request must carry
/// `Authorization: Bearer ADMIN_TOKEN`, compared in constant time; others get 401 `invalid_token`.
/// The tenant's own endpoints are not affected.
struct AdminTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path
        guard path == "/__admin" || path.hasPrefix("/__admin/") else { return try await next(request, context) }
        guard let presented = request.bearerToken, SecretComparison.matches(presented, token) else {
            return JSONResponse.error(
                .invalidToken(
                    "The control API needs Authorization: Bearer ADMIN_TOKEN (the admin_token of the ready file)",
                    realm: "fake-auth0 control API"))
        }
        return try await next(request, context)
    }
}
