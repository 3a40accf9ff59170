import Crypto
import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

/// Drives `/authorize` and the login page like a browser, and the code exchange like an app.
struct LoginClient {
    let fake: FakeTenant
    let browser = Browser()
    static let callback = "http://localhost:3000/auth/callback"
    static let spaCallback = "http://localhost:5173/callback"
    static let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-and-some-more"

    static var challenge: String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
                of: "=", with: "")
    }

    func authorize(_ changes: [String: String?] = [:]) async throws -> HTTPResult {
        var query: [String: String?] = [
            "response_type": "code", "client_id": "demo-web", "redirect_uri": Self.callback,
            "scope": "openid profile email offline_access",
            "state": "st4te", "nonce": "n0nce", "code_challenge": Self.challenge, "code_challenge_method": "S256",
        ]
        for (key, value) in changes { query[key] = value }
        let items = query.compactMap { key, value in value.map { URLQueryItem(name: key, value: $0) } }
        return try await browser.get(fake.url("/authorize").appendingFormQuery(items))
    }

    /// `/authorize`, then picking `user` on the login page; returns the redirect back to the app.
    func login(as user: String = "auth0|alice", _ changes: [String: String?] = [:]) async throws -> HTTPResult {
        let page = try await authorize(changes)
        let tx = try #require(
            page.loginTransaction, "expected the login page, got \(page.status) \(page.text.prefix(200))")
        return try await browser.post(fake.url("/login"), form: ["tx": tx, "user": user])
    }

    /// Redeems a code as authlib does: Basic auth, no client_id in the body.
    func redeem(_ code: String, verifier: String? = Self.verifier, redirectURI: String = Self.callback) async throws
        -> HTTPResult
    {
        var form = ["grant_type": "authorization_code", "code": code, "redirect_uri": redirectURI]
        form["code_verifier"] = verifier
        return try await HTTP.postForm(
            fake.url("/oauth/token"), form, headers: HTTP.basic("demo-web", "demo-web-secret"),
            contentType: "application/x-www-form-urlencoded;charset=UTF-8")
    }
}

@Suite("browser login and the authorization code grant")
struct LoginTests {
    @Test("confidential client: login page, code with state, PKCE redemption, ID token with nonce and auth_time")
    func confidentialClientFlow() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let client = LoginClient(fake: fake)
            let page = try await client.authorize()
            #expect(page.status == 200 && page.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(page.text.contains("Demo Web App") && page.text.contains("Continue with Google"))

            let back = try await client.login()
            #expect(back.status == 302)
            #expect(back.header("Location")?.hasPrefix(LoginClient.callback + "?") == true)
            #expect(back.locationQuery["state"] == "st4te")
            #expect(client.browser.hasSession)
            let code = try #require(back.locationQuery["code"])

            let tokens = try await client.redeem(code)
            #expect(tokens.status == 200, "\(tokens.text)")
            #expect(tokens.json["refresh_token"] != nil)
            #expect(tokens.json["scope"] == "openid profile email offline_access")
            let id = jwtParts(try #require(tokens.json["id_token"]?.stringValue)).payload
            #expect(id["aud"] == "demo-web" && id["sub"] == "auth0|alice" && id["nonce"] == "n0nce")
            #expect(id["auth_time"]?.intValue != nil)
            #expect(id["email"] == "alice@example.com")

            let reuse = try await client.redeem(code)
            #expect(reuse.status == 403 && reuse.error == "invalid_grant")
            let refresh = try await HTTP.postForm(
                fake.url("/oauth/token"),
                [
                    "grant_type": "refresh_token",
                    "refresh_token": try #require(tokens.json["refresh_token"]?.stringValue),
                    "client_id": "demo-web", "client_secret": "demo-web-secret",
                ])
            #expect(refresh.error == "invalid_grant", "reusing a code revokes the refresh token it issued")
        }
    }

    @Test("public client: PKCE alone authenticates; a code_challenge is required at /authorize")
    func publicClientFlow() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let client = LoginClient(fake: fake)
            let spa: [String: String?] = ["client_id": "demo-spa", "redirect_uri": LoginClient.spaCallback]
            let back = try await client.login(as: "auth0|bob", spa)
            let code = try #require(back.locationQuery["code"])
            let noVerifier = try await HTTP.postForm(
                fake.url("/oauth/token"),
                [
                    "grant_type": "authorization_code", "client_id": "demo-spa", "code": code,
                    "redirect_uri": LoginClient.spaCallback,
                ])
            #expect(noVerifier.error == "invalid_grant")

            let second = try #require(
                try await client.authorize(spa).locationQuery["code"], "the session cookie skips the page")
            let tokens = try await HTTP.postForm(
                fake.url("/oauth/token"),
                [
                    "grant_type": "authorization_code", "client_id": "demo-spa", "code": second,
                    "redirect_uri": LoginClient.spaCallback,
                    "code_verifier": LoginClient.verifier,
                ])
            #expect(tokens.status == 200)
            #expect(jwtParts(try #require(tokens.json["access_token"]?.stringValue)).payload["sub"] == "auth0|bob")

            var noChallenge = spa
            noChallenge["code_challenge"] = .some(nil)
            noChallenge["code_challenge_method"] = .some(nil)
            let refused = try await client.authorize(noChallenge)
            #expect(
                refused.status == 302 && refused.locationQuery["error"] == "invalid_request"
                    && refused.locationQuery["state"] == "st4te")
        }
    }

    @Test("wrong verifier, wrong redirect_uri, another client's code and an expired code are invalid_grant")
    func codeChecks() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let client = LoginClient(fake: fake)
            let first = try #require(try await client.login().locationQuery["code"])
            #expect(
                try await client.redeem(first, verifier: "wrong-verifier-wrong-verifier-wrong-verifier-00").error
                    == "invalid_grant")
            let second = try #require(try await client.authorize().locationQuery["code"])
            #expect(
                try await client.redeem(second, redirectURI: "http://localhost:3000/api/auth/callback").error
                    == "invalid_grant")
            let third = try #require(try await client.authorize().locationQuery["code"])
            let foreign = try await HTTP.postForm(
                fake.url("/oauth/token"),
                [
                    "grant_type": "authorization_code", "code": third, "redirect_uri": LoginClient.callback,
                    "code_verifier": LoginClient.verifier,
                    "client_id": "rotating-web", "client_secret": "rotating-secret",
                ])
            #expect(foreign.error == "unauthorized_client" || foreign.error == "invalid_grant")
            let fourth = try #require(try await client.authorize().locationQuery["code"])
            fake.clock.advance(by: 601)
            #expect(try await client.redeem(fourth).error == "invalid_grant")
        }
    }

    @Test("prompt=none, prompt=login, max_age and the session cookie")
    func promptsAndSessions() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let client = LoginClient(fake: fake)
            let none = try await client.authorize(["prompt": "none"])
            #expect(
                none.status == 302 && none.locationQuery["error"] == "login_required"
                    && none.locationQuery["state"] == "st4te")

            _ = try await client.login()
            let silent = try await client.authorize(["prompt": "none"])
            #expect(silent.locationQuery["code"] != nil)
            #expect(try await client.authorize(["prompt": "login"]).loginTransaction != nil)
            fake.clock.advance(by: 120)
            #expect(try await client.authorize(["max_age": "60"]).loginTransaction != nil)
            #expect(try await client.authorize(["max_age": "600"]).locationQuery["code"] != nil)
        }
    }

    @Test("a bad client or redirect_uri shows an error page and never redirects; other errors redirect with state")
    func authorizeErrors() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let client = LoginClient(fake: fake)
            let badRedirect = try await client.authorize(["redirect_uri": "https://evil.example/cb"])
            #expect(
                badRedirect.status == 400 && badRedirect.header("Location") == nil
                    && badRedirect.text.contains("not in the allowed"))
            let unknownClient = try await client.authorize(["client_id": "nobody"])
            #expect(unknownClient.status == 400 && unknownClient.header("Location") == nil)
            let token = try await client.authorize(["response_type": "token"])
            #expect(
                token.locationQuery["error"] == "unsupported_response_type" && token.locationQuery["state"] == "st4te")
            let audience = try await client.authorize(["audience": "https://unknown.example/"])
            #expect(audience.locationQuery["error"] == "access_denied")
            let m2m = try await client.authorize(["client_id": "demo-m2m"])
            #expect(m2m.status == 400, "an m2m client has no callbacks")
        }
    }

    @Test("email and password, form_post, a social connection that fills the vault, and headless auto-login")
    func loginVariants() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let client = LoginClient(fake: fake)
            let page = try await client.authorize(["login_hint": "alice@example.com", "response_mode": "form_post"])
            #expect(page.text.contains(#"value="alice@example.com""#))
            let tx = try #require(page.loginTransaction)
            let wrong = try await client.browser.post(
                fake.url("/login"), form: ["tx": tx, "email": "alice@example.com", "password": "nope"])
            #expect(wrong.status == 200 && wrong.text.contains("Wrong email or password."))
            let right = try await client.browser.post(
                fake.url("/login"), form: ["tx": tx, "email": "alice@example.com", "password": "alice-password"])
            #expect(right.status == 200, "form_post answers with a page that posts to the callback")
            #expect(right.text.contains(#"<form method="post" action="http://localhost:3000/auth/callback">"#))
            #expect(right.text.contains(#"name="code""#) && right.text.contains(#"name="state" value="st4te""#))

            let other = LoginClient(fake: fake)
            #expect(try fake.tenant.vault.accounts(user: "auth0|bob", connection: "github").isEmpty)
            let social = try await other.authorize(["connection": "github"])
            #expect(social.text.contains("Continue with GitHub") && !social.text.contains("Continue with Google"))
            let back = try await other.browser.post(
                fake.url("/login"),
                form: ["tx": try #require(social.loginTransaction), "connection": "github", "user": "auth0|bob"])
            #expect(back.locationQuery["code"] != nil)
            #expect(try fake.tenant.vault.accounts(user: "auth0|bob", connection: "github").count == 1)
        }
        try await withFakeTenant(scenario: TestScenario.make { $0.login = LoginSettings(autoLogin: "auth0|bob") }) {
            fake in
            let client = LoginClient(fake: fake)
            let back = try await client.authorize()
            let code = try #require(back.locationQuery["code"], "no page at all")
            let tokens = try await client.redeem(code)
            #expect(jwtParts(try #require(tokens.json["id_token"]?.stringValue)).payload["sub"] == "auth0|bob")
        }
    }

    @Test("logout ends the session and redirects only to an allowed URL")
    func logout() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let client = LoginClient(fake: fake)
            let code = try #require(try await client.login().locationQuery["code"])
            let idToken = try #require(try await client.redeem(code).json["id_token"]?.stringValue)

            let refused = try await client.browser.get(
                fake.url("/oidc/logout").appending(queryItems: [
                    .init(name: "post_logout_redirect_uri", value: "https://evil.example/"),
                    .init(name: "client_id", value: "demo-web"),
                ]))
            #expect(refused.status == 400 && refused.header("Location") == nil)

            let oidc = try await client.browser.get(
                fake.url("/oidc/logout").appending(queryItems: [
                    .init(name: "post_logout_redirect_uri", value: "http://localhost:3000"),
                    .init(name: "id_token_hint", value: idToken),
                    .init(name: "state", value: "bye"),
                ]))
            #expect(oidc.status == 302 && oidc.header("Location") == "http://localhost:3000?state=bye")
            #expect(!client.browser.hasSession)
            #expect(try await client.authorize(["prompt": "none"]).locationQuery["error"] == "login_required")

            _ = try await client.login()
            let v2 = try await client.browser.get(
                fake.url("/v2/logout").appending(queryItems: [
                    .init(name: "returnTo", value: "http://localhost:3000"),
                    .init(name: "client_id", value: "demo-web"),
                ]))
            #expect(v2.status == 302 && v2.header("Location") == "http://localhost:3000")
            let noClient = try await client.browser.get(
                fake.url("/v2/logout").appending(queryItems: [.init(name: "returnTo", value: "http://localhost:3000")]))
            #expect(noClient.status == 400)
            let plain = try await client.browser.get(fake.url("/v2/logout"))
            #expect(plain.status == 200 && plain.text.contains("logged out"))
        }
    }
}

@Suite("redirects back to the app")
struct RedirectTests {
    static let state = "a+b c/d=e"

    @Test("a state with '+' and spaces comes back intact from /authorize, logout and Connected Accounts")
    func stateSurvivesEveryRedirect() async throws {
        try await withFakeTenant(scenario: TestScenario.make { $0.connect = ConnectSettings(decide: "allow") }) {
            fake in
            let client = LoginClient(fake: fake)
            let login = try await client.login(as: "auth0|alice", ["state": Self.state])
            #expect(login.locationQuery["state"] == Self.state)

            let logout = try await client.browser.get(
                fake.url("/oidc/logout").appendingFormQuery([
                    .init(name: "post_logout_redirect_uri", value: "http://localhost:3000"),
                    .init(name: "client_id", value: "demo-web"),
                    .init(name: "state", value: Self.state),
                ]))
            #expect(logout.locationQuery["state"] == Self.state)

            let token = try await ConnectedAccountsTests.meToken(fake)
            let connect = try await HTTP.postJSON(
                fake.url("/me/v1/connected-accounts/connect"),
                ["connection": "github", "redirect_uri": .string(LoginClient.callback), "state": .string(Self.state)],
                headers: ["Authorization": "Bearer \(token)"])
            guard case .object(let params)? = connect.json["connect_params"], let ticket = params["ticket"]?.stringValue
            else {
                Issue.record("no ticket")
                return
            }
            let back = try await Browser().get(
                fake.url("/connected-accounts/connect").appending(queryItems: [.init(name: "ticket", value: ticket)]))
            #expect(back.locationQuery["state"] == Self.state)
            #expect(back.locationQuery["connect_code"] != nil)
        }
    }
}
