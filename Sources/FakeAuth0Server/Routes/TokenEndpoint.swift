import FakeAuth0
import Foundation

/// `POST /oauth/token` between HTTP and `Tenant.token`: the request's body, `Content-Type`,
/// `Authorization` and `Host` in, the JSON response out. The route and the event loop's fast lane
/// (`FastLaneHandler`) both answer through it.
enum TokenEndpoint {
    static let path = "/oauth/token"

    /// The response to a token request: the grant's token response, or its OAuth error.
    static func answer(
        tenant: Tenant, body: Data, contentType: String?, authorization: String?, host: String?
    ) async -> JSONResponseParts {
        do throws(OAuthError) {
            let parameters = try RequestParameters(body: body, contentType: contentType)
            let basic = try BasicCredentials(header: authorization)
            let response = try await tenant.token(
                parameters: parameters, basic: basic, issuer: tenant.issuer(forHost: host))
            return JSONResponse.parts(json: response.json, noStore: true)
        } catch {
            return JSONResponse.errorParts(error)
        }
    }
}
