import FakeAuth0
import Foundation
import Hummingbird

/// `/__admin/refresh-tokens/revoke`: revokes a user's refresh tokens (`tenant.revokeRefreshTokens`).
struct AdminRefreshTokenRoutes {
    let tenant: Tenant

    func register(on router: Router<BasicRequestContext>) {
        router.post("/__admin/refresh-tokens/revoke") { request, _ in
            var request = request
            let body = try await request.adminJSON()
            try body.rejectUnknownFields(["user", "client"], shape: #"{"user": SUB, "client"?: CLIENT_ID}"#)
            guard let user = try body.optionalString("user") else {
                throw OAuthError.invalidRequest("Missing field: user")
            }
            let client = try body.optionalString("client")
            let count = try tenant.revokeRefreshTokens(user: user, client: client)
            var json: [String: JSONValue] = ["user": .string(user), "revoked": .int(count)]
            if let client { json["client"] = .string(client) }
            return JSONResponse.make(json: json)
        }
    }
}
