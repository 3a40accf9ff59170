import FakeAuth0
import Foundation

/// A call a declared stub API accepted, kept for the control API.
public struct UpstreamCall: Sendable, Codable, Equatable {
    public var connection: String
    public var method: String
    /// The path as called, below the API's root (`/v1/playlists/37i9`).
    public var path: String
    /// The route's path template (`/v1/playlists/{id}`) and the parameters it matched.
    public var route: String
    public var parameters: [String: String]
    public var query: [String: String]
    /// The JSON body sent, if any.
    public var body: JSONValue?
    public var status: Int
}

/// What a declared API answers: a status, an optional JSON body, and for refusals of the token a
/// `WWW-Authenticate` challenge.
public struct UpstreamAnswer: Sendable, Equatable {
    public var status: Int
    public var body: JSONValue?
    public var challenge: String?
}

/// The stub APIs the scenario declares per connection (`upstream_apis`): route matching, the same
/// token checks as the built-in stubs (a token the vault issued for that connection, not expired,
/// not revoked, carrying the route's scopes), answers with placeholders filled in, calls recorded.
public struct UpstreamAPIs: Sendable {
    let tenant: Tenant
    let writes: ProviderWrites

    /// The declared API of `connection`.
    public func api(_ connection: String) -> UpstreamAPIConfig? { tenant.config.scenario.upstreamAPIs[connection] }

    /// The connection whose declared API answers on `host`, if any.
    public func connection(forHost host: String) -> String? {
        tenant.config.scenario.upstreamAPIs.first { $0.value.hosts.contains { $0.lowercased() == host } }?.key
    }

    /// Answers `method path` of `connection`'s API for `token`.
    public func call(
        connection: String, method: String, path: String, token: String?, query: [String: String], body: JSONValue?
    ) throws -> UpstreamAnswer {
        guard let api = api(connection) else {
            return refusal(UpstreamAPIConfig.defaultNotFound, ["method": method, "path": path])
        }
        let matches = api.routes.compactMap { route -> (UpstreamRouteConfig, [String: String])? in
            guard route.method == method.uppercased(), case .success(let template) = RouteTemplate.parse(route.path),
                let parameters = template.match(path)
            else { return nil }
            return (route, parameters)
        }
        guard let match = matches.first else {
            return refusal(api.notFound, ["method": method, "path": path])
        }
        let (route, parameters) = match
        let account: VaultAccountRecord
        switch authenticate(token, connection: connection) {
        case .success(let found): account = found
        case .failure(let reason):
            var answer = refusal(api.unauthorized, ["reason": reason.text, "method": method, "path": path])
            answer.challenge =
                reason == .missing
                ? "Bearer" : "Bearer error=\"invalid_token\", error_description=\"The access token is \(reason.text)\""
            return answer
        }
        let granted = Set(account.scopeList)
        let missing = route.scopes.filter { !granted.contains($0) }
        guard missing.isEmpty else {
            var answer = refusal(
                api.forbidden, ["scope": route.scopes.joined(separator: " "), "method": method, "path": path])
            answer.challenge = "Bearer error=\"insufficient_scope\", scope=\"\(route.scopes.joined(separator: " "))\""
            return answer
        }
        var values = parameters
        if let user = tenant.config.users[account.userSub] {
            let fields: [String: String?] = [
                "sub": user.sub, "email": user.email, "name": user.name, "nickname": user.nickname,
                "given_name": user.givenName, "family_name": user.familyName, "picture": user.picture,
                "user_id": account.providerUserID,
            ]
            for (key, value) in fields { values["user.\(key)"] = value ?? "" }
        }
        for (key, value) in query { values["query.\(key)"] = value }
        let response = route.response.map { Placeholders.substitute($0, values) }
        let call = UpstreamCall(
            connection: connection, method: method.uppercased(), path: path, route: route.path, parameters: parameters,
            query: query, body: body, status: route.status)
        try writes.save(call, kind: .upstreamCall, user: account.userSub, id: ProviderIDs.randomHex(length: 24))
        return UpstreamAnswer(status: route.status, body: route.status == 204 ? nil : response ?? [:], challenge: nil)
    }

    enum Reason: Error, Equatable {
        case missing, invalid, expired, revoked
        var text: String {
            switch self {
            case .missing: "missing"
            case .invalid: "invalid"
            case .expired: "expired"
            case .revoked: "revoked"
            }
        }
    }

    func authenticate(_ token: String?, connection: String) -> Result<VaultAccountRecord, Reason> {
        guard let token, !token.isEmpty else { return .failure(.missing) }
        guard let account = try? tenant.vault.account(accessToken: token), account.connection == connection else {
            return .failure(.invalid)
        }
        if account.revoked { return .failure(.revoked) }
        guard account.accessExpiresAt > tenant.clock.nowSeconds() else { return .failure(.expired) }
        return .success(account)
    }

    func refusal(_ refusal: UpstreamRefusal, _ values: [String: String]) -> UpstreamAnswer {
        UpstreamAnswer(status: refusal.status, body: Placeholders.substitute(refusal.body, values), challenge: nil)
    }
}
