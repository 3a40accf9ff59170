import FakeAuth0
import FakeAuth0Testing
import FakeProviders
import Foundation
import Testing

@Suite("protected first-party APIs")
struct ProtectedAPITests {
    /// An access token for `audience` by multi-resource refresh of Alice's seeded refresh token.
    func accessToken(_ fake: FakeTenant, audience: String, scope: String? = nil) async throws -> String {
        var form = [
            "grant_type": "refresh_token", "refresh_token": "demo-alice-refresh-token", "client_id": "demo-web",
            "client_secret": "demo-web-secret", "audience": audience,
        ]
        form["scope"] = scope
        let response = try await HTTP.postForm(fake.url("/oauth/token"), form)
        return try #require(response.json["access_token"]?.stringValue, "\(response.text)")
    }

    @Test(
        "the shop API takes a token for its audience with product:buy, answers the scenario's JSON and records the call"
    )
    func shopBuy() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await accessToken(fake, audience: "sample-shop-api")
            let result = try await HTTP.postJSON(
                fake.url("/api/shop/buy"), ["product": "apples", "qty": 3, "priceLimit": 5], headers: bearer(token))
            #expect(result.status == 200, "\(result.text)")
            #expect(result.json["status"] == "ordered")
            let calls = try await HTTP.get(fake.url("/__admin/providers/api/calls")).value["calls"].list
            #expect(calls.count == 1)
            #expect(
                calls[0]["path"] == "/api/shop/buy" && calls[0]["method"] == "POST" && calls[0]["user"] == "auth0|alice"
            )
            #expect(
                calls[0]["client"] == "demo-web" && calls[0]["body"]["qty"] == 3
                    && calls[0]["audience"] == "sample-shop-api")
            #expect(try fake.providers.apiCalls(user: "auth0|alice").first?.value.body?["product"] == "apples")

            let stock = try await HTTP.postJSON(
                fake.url("/api/stock/trade"), ["ticker": "ZEKO", "qty": 10],
                headers: bearer(try await accessToken(fake, audience: "sample-stock-api")))
            #expect(stock.status == 200 && stock.json["status"] == "executed")
            let mcp = try await HTTP.get(
                fake.url("/api/private-scope"),
                headers: bearer(try await accessToken(fake, audience: "http://localhost:8787/")))
            #expect(
                mcp.status == 200 && mcp.json["msg"]?.stringValue?.hasPrefix("Hello from a private endpoint!") == true)
        }
    }

    @Test("missing, invalid, foreign-audience and expired tokens get 401; a token without the scope gets 403")
    func refusals() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let missing = try await HTTP.postJSON(fake.url("/api/shop/buy"), ["product": "apples"])
            #expect(missing.status == 401 && missing.header("WWW-Authenticate") == #"Bearer realm="api""#)

            let garbage = try await HTTP.postJSON(fake.url("/api/shop/buy"), [:], headers: bearer("not-a-jwt"))
            #expect(garbage.status == 401 && garbage.error == "invalid_token")
            #expect(
                garbage.header("WWW-Authenticate")?.hasPrefix(#"Bearer realm="api", error="invalid_token""#) == true)

            let stockToken = try await accessToken(fake, audience: "sample-stock-api")
            let wrongAudience = try await HTTP.postJSON(fake.url("/api/shop/buy"), [:], headers: bearer(stockToken))
            #expect(wrongAudience.status == 401 && wrongAudience.error == "invalid_token")

            let noScope = try await accessToken(fake, audience: "sample-shop-api", scope: "openid")
            let forbidden = try await HTTP.postJSON(fake.url("/api/shop/buy"), [:], headers: bearer(noScope))
            #expect(forbidden.status == 403 && forbidden.error == "insufficient_scope")
            #expect(forbidden.header("WWW-Authenticate")?.contains(#"error="insufficient_scope""#) == true)
            #expect(forbidden.header("WWW-Authenticate")?.contains(#"scope="product:buy""#) == true)

            let good = try await accessToken(fake, audience: "sample-shop-api")
            fake.clock.advance(by: 86_401)
            let expired = try await HTTP.postJSON(fake.url("/api/shop/buy"), [:], headers: bearer(good))
            #expect(expired.status == 401 && expired.error == "invalid_token")
            #expect(
                try await HTTP.get(fake.url("/__admin/providers/api/calls")).value["calls"].list.isEmpty,
                "refused calls are not recorded")
            #expect(
                try await HTTP.get(fake.url("/api/shop/buy"), headers: bearer(good)).status == 404,
                "only the configured method")
        }
    }

    @Test("a scenario defines its own endpoints: method, path parameters, status and answer")
    func customEndpoint() async throws {
        let scenario = try TestScenario.make { scenario in
            scenario.protectedAPIs = [
                ProtectedAPIConfig(
                    path: "/api/orders/{id}", method: "PUT", audience: TestScenario.apiAudience, scopes: ["write:data"],
                    status: 202,
                    response: ["accepted": true, "items": [1, 2]])
            ]
        }
        try await withFakeTenant(scenario: scenario) { fake in
            let token = try await accessToken(fake, audience: TestScenario.apiAudience)
            let result = try await HTTP.send(
                "PUT", fake.url("/api/orders/42"), body: Data("quantity=2".utf8),
                headers: bearer(token).merging(["Content-Type": "application/x-www-form-urlencoded"]) { a, _ in a })
            #expect(result.status == 202 && result.json["accepted"] == true && result.json["items"] == [1, 2])
            let call = try #require(try fake.providers.apiCalls().first)
            #expect(call.value.path == "/api/orders/42" && call.value.body == ["quantity": "2"])
            #expect(
                try await HTTP.postJSON(fake.url("/api/shop/buy"), [:], headers: bearer(token)).status == 404,
                "the default endpoints are gone")
        }
    }

    @Test(
        "bad protected_apis entries are refused with file, path and reason",
        arguments: [
            ("{ path: api/x, audience: a }", "bad.yaml:protected_apis[0].path: must be an absolute path"),
            ("{ path: /oauth/x, audience: a }", "bad.yaml:protected_apis[0].path: '/oauth/x' collides"),
            ("{ path: /x, method: FETCH, audience: a }", "bad.yaml:protected_apis[0].method: 'FETCH' is not"),
            ("{ path: /x, audience: ghost }", "bad.yaml:protected_apis[0].audience: no API has the audience 'ghost'"),
            (
                "{ path: /x, audience: a, scope: 'read fly' }",
                "bad.yaml:protected_apis[0].scope[1]: the API 'a' defines no scope 'fly'"
            ),
            ("{ path: /x, audience: a, status: 9 }", "bad.yaml:protected_apis[0].status: must be an HTTP status code"),
            ("{ path: /x, audience: a, colour: red }", "bad.yaml:protected_apis[0].colour: unknown key 'colour'"),
        ])
    func validation(entry: String, expected: String) {
        let yaml = "apis:\n  - { audience: a, scopes: [read] }\nprotected_apis:\n  - \(entry)\n"
        let problems = ScenarioValidationTests.problems(yaml)
        #expect(problems.contains { $0.hasPrefix(expected) }, "got: \(problems)")
    }
}
