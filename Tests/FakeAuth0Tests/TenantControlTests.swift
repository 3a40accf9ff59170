import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

/// Reset, scenario loading and tenants on demand, driven over HTTP as a test harness does.
@Suite("Reset, scenario loading and tenants on demand")
struct TenantControlTests {
    static let rotatingRefresh: [String: String] = [
        "grant_type": "refresh_token", "client_id": "rotating-web", "client_secret": "rotating-secret",
        "refresh_token": "rotating-rt",
    ]

    static func githubAccount(_ fake: FakeTenant) async throws -> [JSONValue] {
        let url = fake.url("/__admin/vault/accounts").appending(queryItems: [
            .init(name: "user", value: "auth0|alice"), .init(name: "connection", value: "github"),
        ])
        guard case .array(let accounts)? = try await HTTP.get(url).json["accounts"] else { return [] }
        return accounts
    }

    @Test("reset forgets CIBA requests, armed decisions, vault changes, rotations and the clock; keys stay")
    func resetOverHTTP() async throws {
        try await withFakeTenant(scenario: try TestScenario.make()) { fake in
            let jwks = try await HTTP.get(fake.url("/.well-known/jwks.json")).body
            #expect(try await HTTP.postForm(fake.url("/oauth/token"), Self.rotatingRefresh).status == 200)
            #expect(try await HTTP.postForm(fake.url("/oauth/token"), Self.rotatingRefresh).error == "invalid_grant")
            let ciba = CIBAClient(fake: fake)
            _ = try await ciba.started()
            let armed = try await HTTP.postJSON(fake.url("/__admin/ciba/next"), ["decision": "deny"])
            #expect(armed.status == 201)
            guard case .object(let account)? = try await Self.githubAccount(fake).first,
                let id = account["id"]?.stringValue
            else {
                Issue.record("alice has no github account")
                return
            }
            #expect(try await HTTP.send("DELETE", fake.url("/__admin/vault/accounts/\(id)")).status == 204)
            let start = fake.clock.nowSeconds()
            fake.clock.advance(by: 7200)
            fake.clock.freeze()

            let reset = try await HTTP.send("POST", fake.url("/__admin/reset"))
            #expect(reset.status == 200 && reset.json == ["reset": true])

            let requests = try await HTTP.get(fake.url("/__admin/ciba/requests")).json["requests"]
            #expect(requests == .array([]))
            #expect(try await Self.githubAccount(fake).count == 1)
            #expect(try await HTTP.postForm(fake.url("/oauth/token"), Self.rotatingRefresh).status == 200)
            #expect(!fake.clock.isFrozen && fake.clock.nowSeconds() < start + 7200)
            // the armed deny is gone: the default rule approves after one pending poll
            let next = try await ciba.started()
            #expect(try await ciba.poll(next).error == "authorization_pending")
            #expect(try await HTTP.get(fake.url("/.well-known/jwks.json")).body == jwks)
        }
    }

    @Test("Swift: tenant.reset() does the same")
    func resetInSwift() async throws {
        try await withFakeTenant(scenario: try TestScenario.make()) { fake in
            #expect(try await HTTP.postForm(fake.url("/oauth/token"), Self.rotatingRefresh).status == 200)
            try fake.tenant.reset()
            #expect(try await HTTP.postForm(fake.url("/oauth/token"), Self.rotatingRefresh).status == 200)
        }
    }

    @Test("a bad scenario is refused with every problem and the old one keeps serving; a good one replaces it")
    func loadScenarioOverHTTP() async throws {
        try await withFakeTenant(scenario: try TestScenario.make()) { fake in
            let kid = try await HTTP.get(fake.url("/.well-known/jwks.json")).json["keys"]
            let m2m = [
                "grant_type": "client_credentials", "client_id": "demo-m2m", "client_secret": "demo-m2m-secret",
                "audience": TestScenario.apiAudience,
            ]
            let bad = "clients:\n  - { id: a, type: spa, secrett: x }\n  - { id: a, type: m2m }\n"
            let refused = try await HTTP.send(
                "PUT",
                fake.url("/__admin/scenario").appending(queryItems: [.init(name: "file", value: "/tmp/bad.yaml")]),
                body: Data(bad.utf8))
            #expect(refused.status == 400 && refused.error == "invalid_scenario")
            guard case .array(let problems)? = refused.json["problems"], let first = problems.first?.stringValue else {
                Issue.record("no problems: \(refused.text)")
                return
            }
            #expect(first.hasPrefix("/tmp/bad.yaml:clients[0]"))
            #expect(refused.json["error_description"] == .string(first))
            for body in ["{{{ not yaml", "[1, 2]"] {
                let garbage = try await HTTP.send("PUT", fake.url("/__admin/scenario"), body: Data(body.utf8))
                #expect(garbage.status == 400 && garbage.error == "invalid_scenario", "\(body)")
            }
            let empty = try await HTTP.send("PUT", fake.url("/__admin/scenario"), body: Data())
            #expect(empty.status == 400 && empty.error == "invalid_request")
            #expect(try await HTTP.postForm(fake.url("/oauth/token"), m2m).status == 200)

            let good =
                #"{"clients":[{"id":"new-m2m","type":"m2m","secret":"s"}],"apis":[{"audience":"urn:new","clients":["new-m2m"]}]}"#
            let loaded = try await HTTP.send(
                "PUT", fake.url("/__admin/scenario"), body: Data(good.utf8),
                headers: ["Content-Type": "application/json"])
            #expect(loaded.status == 200 && loaded.json == ["loaded": true])
            #expect(try await HTTP.postForm(fake.url("/oauth/token"), m2m).error == "invalid_client")
            let fresh = try await HTTP.postForm(
                fake.url("/oauth/token"),
                [
                    "grant_type": "client_credentials", "client_id": "new-m2m", "client_secret": "s",
                    "audience": "urn:new",
                ])
            #expect(fresh.status == 200)
            #expect(try await HTTP.get(fake.url("/.well-known/jwks.json")).json["keys"] == kid, "same signing key")
        }
    }

    @Test("tenants on demand: own port, issuer, state and control API; listed, deleted once, then 404")
    func tenantsOverHTTP() async throws {
        try await withFakeTenant(scenario: try TestScenario.make()) { fake in
            let created = try await HTTP.send("POST", fake.url("/__admin/tenants"))
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["id"]?.stringValue)
            let port = try #require(created.json["port"]?.intValue)
            #expect(port != fake.port)
            #expect(created.json["domain"] == .string("127.0.0.1:\(port)"))
            #expect(created.json["issuer"] == .string("https://127.0.0.1:\(port)/"))
            let base = try #require(URL(string: created.json["http_url"]?.stringValue ?? ""))
            let discovery = try await HTTP.get(base.appending(path: "/.well-known/openid-configuration"))
            #expect(discovery.json["issuer"] == created.json["issuer"])

            // its own state: advancing its clock leaves the process's tenant alone
            let before = fake.clock.nowSeconds()
            let advanced = try await HTTP.postJSON(base.appending(path: "/__admin/clock/advance"), ["seconds": 86_400])
            #expect((advanced.json["now"]?.intValue ?? 0) >= before + 86_400)
            #expect(fake.clock.nowSeconds() < before + 86_400)

            let listed = try await HTTP.get(fake.url("/__admin/tenants")).json["tenants"]
            #expect(listed == .array([.object(created.json)]))
            #expect(try await HTTP.get(fake.url("/__admin/tenants/\(id)")).json == created.json)
            #expect(try await HTTP.send("DELETE", fake.url("/__admin/tenants/\(id)")).status == 204)
            let again = try await HTTP.send("DELETE", fake.url("/__admin/tenants/\(id)"))
            #expect(again.status == 404 && again.error == "not_found")
            #expect(try await HTTP.get(fake.url("/__admin/tenants/nope")).status == 404)
            await #expect(throws: (any Error).self) {
                _ = try await HTTP.get(base.appending(path: "/.well-known/openid-configuration"))
            }
            #expect(try await HTTP.get(fake.url("/__admin/tenants")).json["tenants"] == .array([]))
        }
    }

    @Test("a tenant's scenario comes from the body; a bad one creates nothing")
    func tenantWithScenario() async throws {
        try await withFakeTenant(scenario: try TestScenario.make()) { fake in
            let bad = try await HTTP.send(
                "POST", fake.url("/__admin/tenants"), body: Data("users: [{sub: a}, {sub: a}]".utf8))
            #expect(bad.status == 400 && bad.error == "invalid_scenario")
            #expect(try await HTTP.get(fake.url("/__admin/tenants")).json["tenants"] == .array([]))

            let scenario =
                "clients:\n  - { id: own-m2m, type: m2m, secret: s }\napis:\n  - { audience: 'urn:own', clients: [own-m2m] }\n"
            let created = try await HTTP.send("POST", fake.url("/__admin/tenants"), body: Data(scenario.utf8))
            #expect(created.status == 201)
            let base = try #require(URL(string: created.json["http_url"]?.stringValue ?? ""))
            let token = try await HTTP.postForm(
                base.appending(path: "/oauth/token"),
                [
                    "grant_type": "client_credentials", "client_id": "own-m2m", "client_secret": "s",
                    "audience": "urn:own",
                ])
            #expect(token.status == 200)
            guard case .object(let env)? = try await HTTP.get(base.appending(path: "/__admin/env")).json["variables"]
            else {
                Issue.record("no variables")
                return
            }
            #expect(env["AUTH0_CLIENT_ID"] == "own-m2m")
            #expect(env["AUTH0_DOMAIN"] == created.json["domain"])
            // the process's own tenant does not know this client
            let elsewhere = try await HTTP.postForm(
                fake.url("/oauth/token"),
                [
                    "grant_type": "client_credentials", "client_id": "own-m2m", "client_secret": "s",
                    "audience": "urn:own",
                ])
            #expect(elsewhere.error == "invalid_client")
            let unknownClient = try await HTTP.get(
                base.appending(path: "/__admin/env").appending(queryItems: [.init(name: "client", value: "ghost")]))
            #expect(unknownClient.status == 400)
        }
    }
}
