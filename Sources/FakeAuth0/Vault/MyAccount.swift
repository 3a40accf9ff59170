import Foundation

/// An error of the My Account API, sent as `application/problem+json` (the server adds the status and
/// the `type` URL that follow from `kind`).
public struct MyAccountError: Error, Sendable, Equatable {
    /// The class of failure, which decides the HTTP status.
    public var kind: FailureKind
    public var title: String
    public var detail: String

    public init(kind: FailureKind, title: String, detail: String) {
        self.kind = kind
        self.title = title
        self.detail = detail
    }

    public static func badRequest(_ detail: String) -> MyAccountError {
        .init(kind: .invalidRequest, title: "Bad Request", detail: detail)
    }
    static func unauthorized(_ detail: String) -> MyAccountError {
        .init(kind: .unauthenticated, title: "Unauthorized", detail: detail)
    }
    static func forbidden(_ detail: String) -> MyAccountError {
        .init(kind: .forbidden, title: "Forbidden", detail: detail)
    }
    static func notFound(_ detail: String) -> MyAccountError {
        .init(kind: .notFound, title: "Not Found", detail: detail)
    }
}

/// The start of a Connected Accounts flow: where to send the browser, and the session to complete.
public struct ConnectStart: Sendable, Equatable {
    public var authSession: String
    public var ticket: String
    public var expiresIn: Int
}

/// The consent step of a Connected Accounts flow, as the consent page shows it.
public struct ConnectConsent: Sendable, Equatable {
    public var user: String
    public var connection: String
    public var connectionDisplayName: String
    public var scopes: [String]
    /// `page`, `allow` or `deny`: whether the scenario decides without showing the page.
    public var automaticDecision: String
    /// The application that asked to connect, and its name.
    public var client: String
    public var clientName: String
}

/// The My Account API's Connected Accounts endpoints (`/me/v1/connected-accounts/…`): connect,
/// the consent step, complete (which fills the Token Vault), list, delete, and the connections.
public struct MyAccount: Sendable {
    let config: TenantConfig
    let clock: TenantClock
    let store: StateStore
    let vault: TokenVault
    let verifier: AccessTokenVerifier
    let journal: Journal
    static let sessionLifetime = 300

    /// The user and client of a My Account API access token that carries `scope`.
    public func authenticate(bearer: String?, issuer: Issuer, scope: String) async throws(MyAccountError) -> (
        user: String, client: String
    ) {
        guard let bearer, !bearer.isEmpty else { throw .unauthorized("Missing access token") }
        let claims: ClaimSet
        do {
            claims = try await verifier.verify(bearer, issuer: issuer, audience: issuer.myAccountAudience)
        } catch {
            throw .unauthorized(error.message)
        }
        guard claims.scopes.contains(scope) else { throw .forbidden("Insufficient scope, expected: \(scope)") }
        guard let user = claims.subject, config.users[user] != nil,
            let client = (claims["azp"] ?? claims["client_id"])?.stringValue
        else {
            throw .unauthorized("The access token does not belong to a user")
        }
        return (user, client)
    }

    /// `POST /me/v1/connected-accounts/connect`.
    public func connect(user: String, client: String, body: [String: JSONValue]) throws(MyAccountError) -> ConnectStart
    {
        guard let connection = body["connection"]?.stringValue else { throw .badRequest("connection is required") }
        guard config.connections[connection] != nil else {
            throw .badRequest("Connection not found: \(connection)")
        }
        guard let redirectURI = body["redirect_uri"]?.stringValue else { throw .badRequest("redirect_uri is required") }
        guard config.clients[client]?.callbacks.contains(redirectURI) == true else {
            throw .badRequest("redirect_uri is not an allowed callback URL of the client")
        }
        let method = body["code_challenge_method"]?.stringValue
        if let method, !["S256", "plain"].contains(method) {
            throw .badRequest("code_challenge_method must be S256 or plain")
        }
        var scopes: [String] = []
        if case .array(let list)? = body["scopes"] { scopes = list.compactMap(\.stringValue) }
        let session = ConnectSessionRecord(
            authSession: RandomToken.make(bytes: 24), ticket: RandomToken.make(bytes: 24), userSub: user,
            clientID: client,
            connection: connection, redirectURI: redirectURI, state: body["state"]?.stringValue,
            codeChallenge: body["code_challenge"]?.stringValue, codeChallengeMethod: method, scopes: Scope.join(scopes),
            status: .pending, expiresAt: clock.nowSeconds() + Self.sessionLifetime)
        try storage { try store.insertConnectSession(session) }
        journal.record(
            "connect.started", client: client, user: user,
            details: ["connection": .string(connection), "scopes": .string(session.scopes)])
        return ConnectStart(authSession: session.authSession, ticket: session.ticket, expiresIn: Self.sessionLifetime)
    }

    /// What the consent page for `ticket` shows.
    public func consent(ticket: String) throws(MyAccountError) -> ConnectConsent {
        let session = try pendingSession(ticket)
        let connection = config.connections[session.connection]
        return ConnectConsent(
            user: session.userSub, connection: session.connection,
            connectionDisplayName: connection?.displayName ?? session.connection,
            scopes: Scope.parse(session.scopes), automaticDecision: config.scenario.connect.decide,
            client: session.clientID, clientName: config.clients[session.clientID]?.name ?? session.clientID)
    }

    /// Records the user's decision and returns where the browser goes next: the app's `redirect_uri`
    /// with `connect_code` and `state`, or with `error=access_denied`.
    public func decide(ticket: String, allow: Bool) throws(MyAccountError) -> String {
        let session = try pendingSession(ticket)
        let code = RandomToken.make(bytes: 24)
        try storage {
            try store.updateConnectSession(session.authSession) { record in
                record?.status = allow ? .allowed : .denied
                record?.connectCode = allow ? code : nil
            }
        }
        var query =
            allow
            ? [("connect_code", code)]
            : [("error", "access_denied"), ("error_description", "The user did not allow the connection")]
        if let state = session.state { query.append(("state", state)) }
        journal.record(
            allow ? "connect.allowed" : "connect.denied", client: session.clientID, user: session.userSub,
            details: ["connection": .string(session.connection)])
        return RedirectURL.adding(query, to: session.redirectURI)
    }

    /// `POST /me/v1/connected-accounts/complete`: checks the code, redirect URI and PKCE verifier, then
    /// stores the upstream tokens in the vault (replacing the user's account for that connection).
    public func complete(user: String, body: [String: JSONValue]) throws(MyAccountError) -> VaultAccountRecord {
        guard let authSession = body["auth_session"]?.stringValue, let code = body["connect_code"]?.stringValue else {
            throw .badRequest("auth_session and connect_code are required")
        }
        let now = clock.nowSeconds()
        let outcome: Result<ConnectSessionRecord, MyAccountError> = try storage {
            try store.updateConnectSession(authSession) { record in
                guard let session = record, session.userSub == user else {
                    return .failure(.notFound("Unknown auth_session"))
                }
                guard session.status == .allowed, session.connectCode == code, session.expiresAt > now else {
                    return .failure(.badRequest("Invalid or expired connect_code"))
                }
                if let redirect = body["redirect_uri"]?.stringValue, redirect != session.redirectURI {
                    return .failure(.badRequest("redirect_uri does not match"))
                }
                guard
                    PKCE.accepts(
                        verifier: body["code_verifier"]?.stringValue, challenge: session.codeChallenge,
                        method: session.codeChallengeMethod)
                else {
                    return .failure(.badRequest("Invalid code_verifier"))
                }
                record?.status = .completed
                return .success(session)
            }
        }
        let session = try outcome.get()
        let connection = config.connections[session.connection]
        let existing = try storage { try store.vaultAccounts(user: user, connection: session.connection) }.first
        let scopes = Scope.parse(
            Scope.join((existing?.scopeList ?? []) + (connection?.scopes ?? []) + Scope.parse(session.scopes)))
        do {
            if let existing { try vault.unlink(existing.id) }
            let account = try vault.link(user: user, connection: session.connection, scopes: scopes, id: existing?.id)
            journal.record(
                "connect.completed", client: session.clientID, user: user,
                details: [
                    "connection": .string(session.connection), "account": .string(account.id),
                    "scopes": .string(account.scopes),
                ])
            return account
        } catch {
            throw .badRequest(error.message)
        }
    }

    /// `GET /me/v1/connected-accounts/accounts`.
    public func accounts(user: String, connection: String?) throws(MyAccountError) -> [VaultAccountRecord] {
        try storage { try store.vaultAccounts(user: user, connection: connection) }
    }

    /// `DELETE /me/v1/connected-accounts/accounts/{id}`.
    public func delete(user: String, id: String) throws(MyAccountError) {
        guard let account = try storage({ try store.vaultAccount(id: id) }), account.userSub == user else {
            throw .notFound("Connected account not found")
        }
        _ = try storage { try store.deleteVaultAccount(id: id) }
    }

    /// `GET /me/v1/connected-accounts/connections`.
    public func connections() -> [ConnectionConfig] {
        config.scenario.connections.filter { $0.strategy != "auth0" }
    }

    /// The JSON of an account, as the My Account API returns it.
    public static func json(_ account: VaultAccountRecord) -> [String: JSONValue] {
        [
            "id": .string(account.id), "connection": .string(account.connection),
            "access_type": .string(account.refreshToken == nil ? "online" : "offline"),
            "scopes": .array(account.scopeList.map(JSONValue.string)),
            "created_at": .string(Date(timeIntervalSince1970: TimeInterval(account.createdAt)).formatted(.iso8601)),
        ]
    }

    private func pendingSession(_ ticket: String) throws(MyAccountError) -> ConnectSessionRecord {
        guard let session = try storage({ try store.connectSession(ticket: ticket) }) else {
            throw .notFound("Unknown ticket")
        }
        guard session.status == .pending, session.expiresAt > clock.nowSeconds() else {
            throw .badRequest("This connection request has expired or was already answered")
        }
        return session
    }

    private func storage<T>(_ body: () throws -> T) throws(MyAccountError) -> T {
        do { return try body() } catch {
            throw MyAccountError(kind: .internalFailure, title: "Internal Server Error", detail: "\(error)")
        }
    }
}
