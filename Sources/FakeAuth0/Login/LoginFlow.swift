import Foundation

/// Browser login: validates `/authorize`, keeps login sessions, shows or skips the login page,
/// authenticates the user and issues authorization codes.
public struct LoginFlow: Sendable {
    let config: TenantConfig
    let clock: TenantClock
    let store: StateStore
    let vault: TokenVault
    let keys: SigningKeyRing
    /// The scenario's clients and the dynamically registered ones.
    let clients: ClientDirectory
    let journal: Journal
    static let transactionLifetime = 3600

    // MARK: /authorize

    /// Handles `GET /authorize` with its query parameters and the browser's session cookie.
    public func authorize(_ query: [String: String], sessionID: String?, issuer: Issuer) throws(OAuthError)
        -> AuthorizeOutcome
    {
        guard let clientID = query["client_id"], let client = try clients.client(clientID) else {
            return .errorPage("Unknown client: \(query["client_id"] ?? "(none)")")
        }
        guard let redirectURI = query["redirect_uri"] else {
            return .errorPage("Missing required parameter: redirect_uri")
        }
        guard client.callbacks.contains(redirectURI) else {
            return .errorPage(
                "The redirect_uri '\(redirectURI)' is not in the allowed callback URLs of the client \(clientID)")
        }
        let mode: AuthorizationRequest.ResponseMode = query["response_mode"] == "form_post" ? .formPost : .query
        func fail(_ error: String, _ description: String) -> AuthorizeOutcome {
            var parameters = [("error", error), ("error_description", description)]
            if let state = query["state"] { parameters.append(("state", state)) }
            return .redirect(AuthorizationRedirect(redirectURI: redirectURI, mode: mode, parameters: parameters))
        }
        if let responseMode = query["response_mode"], !["query", "form_post"].contains(responseMode) {
            return fail("invalid_request", "Unsupported response_mode: \(responseMode)")
        }
        guard let responseType = query["response_type"] else {
            return fail("invalid_request", "Missing required parameter: response_type")
        }
        guard responseType == "code" else {
            return fail("unsupported_response_type", "Unsupported response_type: \(responseType)")
        }
        guard client.allows(.authorizationCode) else {
            return fail("unauthorized_client", "Grant type 'authorization_code' not allowed for the client.")
        }
        var method = query["code_challenge_method"]
        if let challenge = query["code_challenge"] {
            method = method ?? "plain"
            guard method == "S256" || method == "plain" else {
                return fail("invalid_request", "Unsupported code_challenge_method: \(method!)")
            }
            guard challenge.count >= 43 || method == "plain" else {
                return fail("invalid_request", "code_challenge is too short")
            }
        } else if !client.type.isConfidential {
            return fail("invalid_request", "Parameter 'code_challenge' is required for public clients")
        }
        let audience: String?
        do {
            audience = try config.targetAudience(
                audience: query["audience"], resource: query["resource"], issuer: issuer)
            try config.checkThirdPartyAccess(client: client, audience: audience)
        } catch {
            return fail(error.code, error.message)
        }
        if let audience, config.api(audience, issuer: issuer) == nil {
            return fail("access_denied", "Service not found: \(audience)")
        }
        var maxAge: Int?
        if let text = query["max_age"] {
            guard let value = Int(text), value >= 0 else {
                return fail("invalid_request", "max_age must be a number of seconds")
            }
            maxAge = value
        }
        if let connection = query["connection"], config.connections[connection] == nil {
            return fail("invalid_request", "the connection was not found")
        }
        let request = AuthorizationRequest(
            clientID: clientID, redirectURI: redirectURI, responseMode: mode,
            scopes: Scope.parse(query["scope"] ?? "openid"),
            state: query["state"], nonce: query["nonce"], audience: audience, codeChallenge: query["code_challenge"],
            codeChallengeMethod: query["code_challenge"] == nil ? nil : method, prompt: query["prompt"],
            loginHint: query["login_hint"],
            screenHint: query["screen_hint"], connection: query["connection"], maxAge: maxAge)

        let prompts = Scope.parse(request.prompt)
        let now = clock.nowSeconds()
        if !prompts.contains("login"), let session = try currentSession(sessionID),
            maxAge.map({ now - session.authTime <= $0 }) ?? true
        {
            return .redirect(
                try issueCode(
                    request, user: session.userSub, authTime: session.authTime, newSessionID: nil, issuer: issuer))
        }
        if prompts.contains("none") { return fail("login_required", "Login required") }
        if let user = config.scenario.login.autoLogin {
            return .redirect(try startSession(request, user: user, issuer: issuer))
        }
        let transaction = LoginTransactionRecord(
            id: RandomToken.make(bytes: 18), request: Self.encode(request), expiresAt: now + Self.transactionLifetime)
        try storeStep { try store.insertLoginTransaction(transaction) }
        return .login(prompt(for: request, transactionID: transaction.id, error: nil))
    }

    // MARK: The login page

    /// Handles the login page's form: `user` (a picked scenario user), `email` + `password`, or a social
    /// `connection` with the `user` to sign in as.
    public func completeLogin(transactionID: String, form: [String: String], issuer: Issuer) throws(OAuthError)
        -> AuthorizeOutcome
    {
        guard let transaction = try storeStep({ try store.loginTransaction(transactionID) }),
            transaction.expiresAt > clock.nowSeconds(), let request = Self.decode(transaction.request)
        else { return .errorPage("This login request has expired. Start again from the application.") }

        let user: UserConfig
        if let email = form["email"] {
            guard
                let match = config.scenario.users.first(where: { $0.email?.lowercased() == email.lowercased() }),
                match.password != nil, match.password == form["password"]
            else {
                journal.record(
                    "login.failed", client: request.clientID, details: ["reason": "wrong email or password"])
                return .login(prompt(for: request, transactionID: transactionID, error: "Wrong email or password."))
            }
            user = match
        } else if let sub = form["user"], let match = config.users[sub] {
            user = match
        } else {
            return .login(
                prompt(
                    for: request, transactionID: transactionID, error: "Choose a user or enter an email and password."))
        }
        if let connection = form["connection"], config.connections[connection] != nil {
            try linkSocialIdentity(user: user.sub, connection: connection)
        }
        try storeStep { try store.deleteLoginTransaction(transactionID) }
        let redirect = try startSession(request, user: user.sub, issuer: issuer)
        var details: [String: JSONValue] = ["method": form["email"] != nil ? "password" : "pick"]
        if let connection = form["connection"] { details["connection"] = .string(connection) }
        journal.record("login.succeeded", client: request.clientID, user: user.sub, details: details)
        return .redirect(redirect)
    }

    /// Logging in through a social connection gives the user that connection's tokens in the vault.
    func linkSocialIdentity(user: String, connection: String) throws(OAuthError) {
        guard config.connections[connection]?.strategy != "auth0" else { return }
        if try vault.accounts(user: user, connection: connection).isEmpty {
            try vault.link(
                user: user, connection: connection, scopes: config.connections[connection]?.scopes ?? [])
        }
    }

    // MARK: Sessions and codes

    func currentSession(_ id: String?) throws(OAuthError) -> LoginSessionRecord? {
        guard let id, let session = try storeStep({ try store.loginSession(id) }),
            config.users[session.userSub] != nil
        else {
            return nil
        }
        return session
    }

    func startSession(_ request: AuthorizationRequest, user: String, issuer: Issuer) throws(OAuthError)
        -> AuthorizationRedirect
    {
        let session = LoginSessionRecord(
            id: RandomToken.make(bytes: 24), userSub: user, authTime: clock.nowSeconds())
        try storeStep { try store.insertLoginSession(session) }
        return try issueCode(request, user: user, authTime: session.authTime, newSessionID: session.id, issuer: issuer)
    }

    func issueCode(
        _ request: AuthorizationRequest, user: String, authTime: Int, newSessionID: String?, issuer: Issuer
    ) throws(OAuthError) -> AuthorizationRedirect {
        let record = AuthorizationCodeRecord(
            code: RandomToken.make(bytes: 24), clientID: request.clientID, userSub: user,
            redirectURI: request.redirectURI,
            scope: Scope.join(request.scopes), audience: request.audience, nonce: request.nonce,
            codeChallenge: request.codeChallenge,
            codeChallengeMethod: request.codeChallengeMethod, authTime: authTime,
            expiresAt: clock.nowSeconds() + config.scenario.login.codeLifetime)
        try storeStep { try store.insertAuthorizationCode(record) }
        var parameters = [("code", record.code)]
        if let state = request.state { parameters.append(("state", state)) }
        return AuthorizationRedirect(
            redirectURI: request.redirectURI, mode: request.responseMode, parameters: parameters,
            newSessionID: newSessionID)
    }

    func prompt(for request: AuthorizationRequest, transactionID: String, error: String?) -> LoginPrompt {
        let social = config.scenario.connections.filter { $0.strategy != "auth0" }
        return LoginPrompt(
            transactionID: transactionID, clientName: (try? clients.client(request.clientID))?.name ?? request.clientID,
            loginHint: request.loginHint, signup: request.screenHint == "signup",
            connection: request.connection.flatMap { config.connections[$0] }.flatMap {
                $0.strategy == "auth0" ? nil : $0
            },
            users: config.scenario.users, socialConnections: social, error: error)
    }

    // MARK: Logout

    /// Where logout sends the browser.
    public enum LogoutOutcome: Sendable, Equatable {
        case redirect(String)
        case loggedOut
        case errorPage(String)
    }

    /// `GET /oidc/logout` and `GET /v2/logout`: ends the session and redirects only to a URL the client allows.
    public func logout(
        returnTo: String?, clientID: String?, idTokenHint: String?, state: String?, sessionID: String?, issuer: Issuer
    ) async -> LogoutOutcome {
        var user: String?
        if let sessionID {
            user = (try? store.loginSession(sessionID))??.userSub
            try? store.deleteLoginSession(sessionID)
        }
        journal.record("logout", client: clientID, user: user, details: ["had_session": .bool(user != nil)])
        guard let returnTo else { return .loggedOut }
        var client = clientID
        if client == nil, let hint = idTokenHint, let claims = try? await keys.verifySignature(hint),
            claims.issuer == issuer.url
        {
            client = claims.audiences.first
        }
        guard let id = client, let clientConfig = config.clients[id] else {
            return .errorPage("A logout redirect needs client_id (or id_token_hint) to check the URL against")
        }
        guard clientConfig.logoutURLs.contains(returnTo) else {
            return .errorPage("The URL '\(returnTo)' is not in the allowed logout URLs of the client \(id)")
        }
        guard let state else { return .redirect(returnTo) }
        return .redirect(RedirectURL.adding([("state", state)], to: returnTo))
    }

    // MARK: Helpers

    static func encode(_ request: AuthorizationRequest) -> String {
        String(decoding: (try? JSONEncoder.compact.encode(request)) ?? Data(), as: UTF8.self)
    }

    static func decode(_ text: String) -> AuthorizationRequest? {
        try? JSONDecoder().decode(AuthorizationRequest.self, from: Data(text.utf8))
    }

}
