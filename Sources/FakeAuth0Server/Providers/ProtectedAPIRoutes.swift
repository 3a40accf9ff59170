import FakeAuth0
import FakeProviders
import Foundation
import HTTPTypes
import Hummingbird

/// The scenario's protected first-party API endpoints (`protected_apis`), e.g. `POST /api/shop/buy`:
/// each accepts the tenant's own access token for its audience and scopes and answers its JSON.
struct ProtectedAPIRoutes {
    let providers: Providers

    var tenant: Tenant { providers.tenant }

    func register(on router: Router<BasicRequestContext>) {
        for api in tenant.config.scenario.protectedAPIs {
            guard let method = HTTPRequest.Method(api.method) else { continue }
            router.on(RouterPath(api.path), method: method) { request, _ in
                var request = request
                let data = try await request.bodyData()
                let body = Self.body(
                    data, json: request.hasJSONBody,
                    form: request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded")
                        == true)
                var query: [String: String] = [:]
                for item in request.queryItems { query[item.name] = item.value }
                let answer = try await providers.callProtectedAPI(
                    api, path: request.uri.path, token: request.bearerToken,
                    issuer: tenant.issuer(forHost: request.host), body: body, query: query)
                return JSONResponse.make(status: .init(code: api.status), body: Data(answer.description.utf8))
            }
        }
    }

    /// The request body as JSON: parsed JSON, a form as an object of strings, other text as a string.
    static func body(_ data: Data, json: Bool, form: Bool) -> JSONValue? {
        guard !data.isEmpty else { return nil }
        if json, let value = try? JSONDecoder().decode(JSONValue.self, from: data) { return value }
        if form, let parameters = try? RequestParameters.form(String(decoding: data, as: UTF8.self)) {
            return .object(parameters.values.mapValues(JSONValue.string))
        }
        return .string(String(decoding: data, as: UTF8.self))
    }
}
