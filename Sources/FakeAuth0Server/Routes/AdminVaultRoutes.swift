import FakeAuth0
import Foundation
import Hummingbird

/// The Token Vault part of the control API: list, link, unlink, revoke, expire and re-scope
/// connected accounts at run time.
struct AdminVaultRoutes {
    let tenant: Tenant

    func register(on router: Router<BasicRequestContext>) {
        let vault = router.group("/__admin/vault/accounts")
        vault.get { request, _ in
            let accounts = try tenant.vault.accounts(
                user: request.query("user"),
                connection: request.query("connection"))
            return JSONResponse.make(json: ["accounts": .array(accounts.map { .object(Self.json($0)) })])
        }
        vault.post { request, _ in
            var request = request
            let body = try await request.adminJSON()
            guard let user = body["user"]?.stringValue, let connection = body["connection"]?.stringValue else {
                throw OAuthError.invalidRequest("Body must name user and connection")
            }
            var expiresIn = 3599
            if let value = body["expires_in"] {
                guard let seconds = Limits.seconds(value) else {
                    throw OAuthError.invalidRequest(
                        "expires_in must be a whole number of seconds between 0 and \(Limits.maxSeconds)")
                }
                expiresIn = seconds
            }
            let account = try tenant.vault.link(
                user: user, connection: connection, scopes: Self.scopes(body["scopes"]), expiresIn: expiresIn,
                refreshToken: body["refresh_token"] != .bool(false), loginHint: body["login_hint"]?.stringValue,
                providerUserID: body["user_id"]?.stringValue, accessToken: body["access_token"]?.stringValue)
            tenant.journal.record(
                "admin.vault.linked", user: account.userSub,
                details: ["account": .string(account.id), "connection": .string(account.connection)])
            return JSONResponse.make(status: .created, json: Self.json(account))
        }
        vault.get("/{id}") { _, context in
            JSONResponse.make(json: Self.json(try tenant.vault.account(try context.parameters.require("id"))))
        }
        vault.delete("/{id}") { _, context in
            let id = try context.parameters.require("id")
            let account = try tenant.vault.account(id)
            try tenant.vault.unlink(id)
            Self.journal(tenant, "admin.vault.unlinked", account)
            return Response(status: .noContent)
        }
        vault.post("/{id}/revoke") { _, context in
            let id = try context.parameters.require("id")
            try tenant.vault.revoke(id)
            let account = try tenant.vault.account(id)
            Self.journal(tenant, "admin.vault.revoked", account)
            return JSONResponse.make(json: Self.json(account))
        }
        vault.post("/{id}/expire") { _, context in
            let id = try context.parameters.require("id")
            try tenant.vault.expire(id)
            let account = try tenant.vault.account(id)
            Self.journal(tenant, "admin.vault.expired", account)
            return JSONResponse.make(json: Self.json(account))
        }
        vault.post("/{id}/refresh-fails") { request, context in
            try await Self.refreshFails(tenant, request, id: try context.parameters.require("id"))
        }
        vault.post("/{id}/scopes") { request, context in
            var request = request
            let id = try context.parameters.require("id")
            let body = try await request.adminJSON()
            guard body["scopes"] != nil else { throw OAuthError.invalidRequest("Body must be {\"scopes\": [...]}") }
            try tenant.vault.setScopes(id, Self.scopes(body["scopes"]))
            let account = try tenant.vault.account(id)
            Self.journal(tenant, "admin.vault.rescoped", account, ["scopes": .string(account.scopes)])
            return JSONResponse.make(json: Self.json(account))
        }
    }

    /// `POST /{id}/refresh-fails` `{"fails": true|false}` (default true): the upstream refresh fails.
    static func refreshFails(_ tenant: Tenant, _ request: Request, id: String) async throws -> Response {
        var request = request
        let body = try await request.adminJSON()
        try body.rejectUnknownFields(["fails"], shape: #"{"fails": true|false}"#)
        var fails = true
        if let value = body["fails"] {
            guard case .bool(let flag) = value else { throw OAuthError.invalidRequest("fails must be true or false") }
            fails = flag
        }
        try tenant.vault.setRefreshFails(id, fails)
        let account = try tenant.vault.account(id)
        journal(tenant, "admin.vault.refresh_fails", account, ["fails": .bool(fails)])
        return JSONResponse.make(json: json(account))
    }

    /// An `admin.vault.*` journal entry for `account`.
    static func journal(
        _ tenant: Tenant, _ event: String, _ account: VaultAccountRecord, _ extra: [String: JSONValue] = [:]
    ) {
        var details: [String: JSONValue] = ["account": .string(account.id), "connection": .string(account.connection)]
        details.merge(extra) { _, new in new }
        tenant.journal.record(event, user: account.userSub, details: details)
    }

    /// Scopes as a JSON list or one space-separated string.
    static func scopes(_ value: JSONValue?) -> [String] {
        switch value {
        case .array(let list): list.compactMap(\.stringValue)
        case .string(let text): Scope.parse(text)
        default: []
        }
    }

    static func json(_ account: VaultAccountRecord) -> [String: JSONValue] {
        var body: [String: JSONValue] = [
            "id": .string(account.id), "user": .string(account.userSub), "connection": .string(account.connection),
            "scopes": .array(account.scopeList.map(JSONValue.string)), "access_token": .string(account.accessToken),
            "expires_at": .int(account.accessExpiresAt), "has_refresh_token": .bool(account.refreshToken != nil),
            "revoked": .bool(account.revoked), "refresh_fails": .bool(account.refreshFails),
        ]
        if let hint = account.loginHint { body["login_hint"] = .string(hint) }
        if let id = account.providerUserID { body["user_id"] = .string(id) }
        return body
    }
}
