import FakeAuth0
import Foundation
import Hummingbird

/// `GET|POST /userinfo` with a Bearer access token (or, on POST, an `access_token` form field).
struct UserInfoRoutes {
    let tenant: Tenant

    func register(on router: Router<BasicRequestContext>) {
        router.get("/userinfo") { request, _ in
            try await userInfo(token: request.bearerToken, request: request)
        }
        router.post("/userinfo") { request, _ in
            var request = request
            var token = request.bearerToken
            if token == nil { token = try await request.parameters()["access_token"] }
            return try await userInfo(token: token, request: request)
        }
    }

    func userInfo(token: String?, request: Request) async throws -> Response {
        let claims = try await tenant.userInfo(accessToken: token, issuer: tenant.issuer(forHost: request.host))
        return JSONResponse.make(json: claims)
    }
}
