import Crypto
import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("Connected Accounts (My Account API) over HTTP")
struct ConnectedAccountsTests {
    static let callback = "http://localhost:3000/auth/callback"

    /// A My Account API token for Alice, the way nextjs-auth0 gets one: a refresh with another audience.
    static func meToken(
        _ fake: FakeTenant,
        scope: String = "create:me:connected_accounts read:me:connected_accounts delete:me:connected_accounts"
    ) async throws -> String {
        let response = try await HTTP.postForm(
            fake.url("/oauth/token"),
            [
                "grant_type": "refresh_token", "refresh_token": "demo-alice-refresh-token", "client_id": "demo-web",
                "client_secret": "demo-web-secret", "audience": fake.issuer + "me/", "scope": scope,
            ])
        #expect(response.status == 200, "\(response.text)")
        return try #require(response.json["access_token"]?.stringValue)
    }

    static func challenge(_ verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
                of: "=", with: "")
    }

    static func query(_ location: String?) -> [String: String] {
        let items = URLComponents(string: location ?? "")?.queryItems ?? []
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    /// A session that does not follow redirects, to read where the consent step sends the browser.
    static let noRedirects = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)

    @Test("connect → consent page → allow → complete fills the vault; the exchange then returns the new scopes")
    func fullFlow() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await Self.meToken(fake)
            let auth = ["Authorization": "Bearer \(token)"]
            let verifier = "a-long-random-code-verifier-0123456789-abcdefghijklmnop"
            let connect = try await HTTP.postJSON(
                fake.url("/me/v1/connected-accounts/connect"),
                [
                    "connection": "github", "redirect_uri": .string(Self.callback), "state": "st-1",
                    "code_challenge": .string(Self.challenge(verifier)),
                    "code_challenge_method": "S256", "scopes": ["repo", "gist"],
                ],
                headers: auth)
            #expect(connect.status == 201)
            #expect(connect.json["expires_in"] == .int(300))
            let connectURI = try #require(connect.json["connect_uri"]?.stringValue)
            #expect(connectURI == "http://127.0.0.1:\(fake.port)/connected-accounts/connect")
            guard case .object(let params)? = connect.json["connect_params"], let ticket = params["ticket"]?.stringValue
            else {
                Issue.record("no ticket")
                return
            }
            let authSession = try #require(connect.json["auth_session"]?.stringValue)

            let page = try await HTTP.get(URL(string: connectURI + "?ticket=" + ticket)!)
            #expect(page.status == 200 && page.text.contains("GitHub") && page.text.contains("<li>gist</li>"))

            var allow = URLRequest(url: URL(string: connectURI)!)
            allow.httpMethod = "POST"
            allow.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            allow.httpBody = Data(HTTP.formEncode(["ticket": ticket, "decision": "allow"]).utf8)
            let (_, redirect) = try await Self.noRedirects.data(for: allow)
            let location = (redirect as! HTTPURLResponse).value(forHTTPHeaderField: "Location")
            #expect(location?.hasPrefix(Self.callback + "?") == true)
            let returned = Self.query(location)
            #expect(returned["state"] == "st-1")
            let code = try #require(returned["connect_code"])

            let wrongVerifier = try await HTTP.postJSON(
                fake.url("/me/v1/connected-accounts/complete"),
                [
                    "auth_session": .string(authSession), "connect_code": .string(code),
                    "redirect_uri": .string(Self.callback), "code_verifier": "wrong",
                ],
                headers: auth)
            #expect(wrongVerifier.status == 400)
            #expect(wrongVerifier.header("Content-Type") == "application/problem+json")
            #expect(wrongVerifier.json["title"] == "Bad Request")

            let complete = try await HTTP.postJSON(
                fake.url("/me/v1/connected-accounts/complete"),
                [
                    "auth_session": .string(authSession), "connect_code": .string(code),
                    "redirect_uri": .string(Self.callback), "code_verifier": .string(verifier),
                ],
                headers: auth)
            #expect(complete.status == 201, "\(complete.text)")
            #expect(complete.json["connection"] == "github")
            #expect(complete.json["access_type"] == "offline")
            guard case .array(let scopes)? = complete.json["scopes"] else {
                Issue.record("no scopes")
                return
            }
            #expect(scopes.contains("gist") && scopes.contains("repo"))

            let exchanged = try await VaultClient(fake: fake).exchange(connection: "github")
            let exchangedScopes = Scope.parse(exchanged.json["scope"]?.stringValue)
            #expect(exchangedScopes.contains("gist"))

            let replay = try await HTTP.postJSON(
                fake.url("/me/v1/connected-accounts/complete"),
                [
                    "auth_session": .string(authSession), "connect_code": .string(code),
                    "code_verifier": .string(verifier),
                ], headers: auth)
            #expect(replay.status == 400, "a connect_code is single-use")
        }
    }

    @Test("denying consent sends the browser back with access_denied and leaves the vault as it was")
    func deny() async throws {
        let scenario = try TestScenario.make { $0.connect = ConnectSettings(decide: "deny") }
        try await withFakeTenant(scenario: scenario) { fake in
            let token = try await Self.meToken(fake)
            let connect = try await HTTP.postJSON(
                fake.url("/me/v1/connected-accounts/connect"),
                ["connection": "github", "redirect_uri": .string(Self.callback), "state": "st-2"],
                headers: ["Authorization": "Bearer \(token)"])
            guard case .object(let params)? = connect.json["connect_params"], let ticket = params["ticket"]?.stringValue
            else {
                Issue.record("no ticket")
                return
            }
            let (_, redirect) = try await Self.noRedirects.data(
                from: URL(string: "http://127.0.0.1:\(fake.port)/connected-accounts/connect?ticket=\(ticket)")!)
            let returned = Self.query((redirect as! HTTPURLResponse).value(forHTTPHeaderField: "Location"))
            #expect(returned["error"] == "access_denied" && returned["state"] == "st-2")
            #expect(try await VaultClient(fake: fake).exchange(connection: "github").json["scope"] == "repo read:user")
        }
    }

    @Test("accounts list and delete, connections, and the token and input checks")
    func accountsAndErrors() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await Self.meToken(fake)
            let auth = ["Authorization": "Bearer \(token)"]
            let list = try await HTTP.get(fake.url("/me/v1/connected-accounts/accounts"), headers: auth)
            guard case .array(let accounts)? = list.json["accounts"] else {
                Issue.record("no accounts")
                return
            }
            #expect(accounts.count == 3)
            let github = try await HTTP.get(
                fake.url("/me/v1/connected-accounts/accounts").appending(queryItems: [
                    .init(name: "connection", value: "github")
                ]), headers: auth)
            guard case .array(let only)? = github.json["accounts"], case .object(let account)? = only.first,
                let id = account["id"]?.stringValue
            else {
                Issue.record("no github account")
                return
            }
            #expect(only.count == 1)
            #expect(
                try await HTTP.send("DELETE", fake.url("/me/v1/connected-accounts/accounts/\(id)"), headers: auth)
                    .status == 204)
            #expect(try await VaultClient(fake: fake).exchange(connection: "github").status == 401)
            #expect(
                try await HTTP.send("DELETE", fake.url("/me/v1/connected-accounts/accounts/\(id)"), headers: auth)
                    .status == 404)

            let connections = try await HTTP.get(fake.url("/me/v1/connected-accounts/connections"), headers: auth)
            guard case .array(let names)? = connections.json["connections"] else {
                Issue.record("no connections")
                return
            }
            #expect(names.count == 3)

            let anonymous = try await HTTP.get(fake.url("/me/v1/connected-accounts/accounts"))
            #expect(anonymous.status == 401 && anonymous.header("Content-Type") == "application/problem+json")
            let readOnly = try await Self.meToken(fake, scope: "read:me:connected_accounts")
            let forbidden = try await HTTP.postJSON(
                fake.url("/me/v1/connected-accounts/connect"),
                ["connection": "github", "redirect_uri": .string(Self.callback)],
                headers: ["Authorization": "Bearer \(readOnly)"])
            #expect(forbidden.status == 403)
            let badRedirect = try await HTTP.postJSON(
                fake.url("/me/v1/connected-accounts/connect"),
                ["connection": "github", "redirect_uri": "https://evil.example/cb"], headers: auth)
            #expect(badRedirect.status == 400)
            let unknownConnection = try await HTTP.postJSON(
                fake.url("/me/v1/connected-accounts/connect"),
                ["connection": "myspace", "redirect_uri": .string(Self.callback)], headers: auth)
            #expect(unknownConnection.status == 400)
            let unknownTicket = try await HTTP.get(
                fake.url("/connected-accounts/connect").appending(queryItems: [.init(name: "ticket", value: "nope")]))
            #expect(unknownTicket.status == 400)
        }
    }
}
