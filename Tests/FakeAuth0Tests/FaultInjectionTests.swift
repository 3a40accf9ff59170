import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Adds a fault through the control API, as a test harness would.
func addFault(_ fake: FakeTenant, _ fault: [String: JSONValue]) async throws -> HTTPResult {
    try await HTTP.postJSON(fake.url("/__admin/faults"), fault)
}

let m2mForm = ["grant_type": "client_credentials", "client_id": "demo-m2m", "client_secret": "demo-m2m-secret"]

@Suite("fault injection over HTTP")
struct FaultInjectionTests {
    @Test("a 429 at /oauth/token once: Auth0's too_many_requests, Retry-After, x-ratelimit-*, then tokens again")
    func auth0RateLimitOnce() async throws {
        try await withFakeTenant { fake in
            fake.clock.freeze()
            let added = try await addFault(
                fake,
                ["id": "rl", "match": ["endpoint": "token"], "effect": ["status": 429, "retry_after": 7], "times": 1])
            #expect(added.status == 201 && added.json["id"] == "rl" && added.json["remaining"] == 1)
            let limited = try await HTTP.postForm(fake.url("/oauth/token"), m2mForm)
            #expect(limited.status == 429)
            #expect(
                limited.json == ["error": "too_many_requests", "error_description": "Global limit has been reached"])
            #expect(limited.header("Retry-After") == "7")
            #expect(limited.header("x-ratelimit-remaining") == "0" && limited.header("x-ratelimit-limit") == "10")
            #expect(limited.header("x-ratelimit-reset") == String(fake.clock.nowSeconds() + 7))
            #expect(limited.header("x-fake-auth0-fault") == "rl")
            let next = try await HTTP.postForm(fake.url("/oauth/token"), m2mForm)
            #expect(next.status == 200 && next.json["access_token"] != nil)
            #expect(next.header("x-fake-auth0-fault") == nil)
        }
    }

    @Test("Gmail 503 twice then OK, in Google's envelope; 429 is rateLimitExceeded")
    func gmailBackendErrorTwice() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).google
            _ = try await addFault(
                fake,
                ["id": "gmail-503", "match": ["endpoint": "provider:google"], "effect": ["status": 503], "times": 2])
            let url = fake.url("/google/gmail/v1/users/me/messages")
            for _ in 0..<2 {
                let failed = try await HTTP.get(url, headers: bearer(token))
                #expect(failed.status == 503 && failed.header("x-fake-auth0-fault") == "gmail-503")
                #expect(failed.value["error"]["code"] == 503 && failed.value["error"]["status"] == "UNAVAILABLE")
                #expect(failed.value["error"]["errors"][0]["reason"] == "backendError")
            }
            #expect(try await HTTP.get(url, headers: bearer(token)).status == 200)

            _ = try await addFault(
                fake, ["match": ["path": "/google/gmail/*"], "effect": ["status": 429], "times": 1])
            let limited = try await HTTP.get(url, headers: bearer(token))
            #expect(limited.status == 429 && limited.value["error"]["status"] == "RESOURCE_EXHAUSTED")
            #expect(limited.value["error"]["errors"][0]["reason"] == "rateLimitExceeded")
            #expect(limited.value["error"]["errors"][0]["domain"] == "usageLimits")
            #expect(limited.header("x-fake-auth0-fault") == "flt_1")
        }
    }

    @Test("GitHub's secondary rate limit (403 with Retry-After, x-ratelimit-remaining: 0) and Slack's ratelimited")
    func githubAndSlackRateLimits() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let tokens = ProviderTokens(fake: fake)
            let github = try await tokens.github
            let slack = try await tokens.slack
            fake.clock.freeze()
            _ = try await addFault(
                fake, ["match": ["endpoint": "provider:github"], "effect": ["status": 403, "retry_after": 30]])
            let limited = try await HTTP.get(fake.url("/github/user"), headers: bearer(github))
            #expect(limited.status == 403 && limited.header("Retry-After") == "30")
            #expect(limited.header("x-ratelimit-remaining") == "0")
            #expect(limited.header("x-ratelimit-reset") == String(fake.clock.nowSeconds() + 30))
            #expect(limited.json["message"]?.stringValue?.contains("secondary rate limit") == true)

            _ = try await addFault(
                fake,
                ["match": ["endpoint": "provider:slack"], "effect": ["status": 429, "retry_after": 2], "times": 1])
            let slow = try await HTTP.postForm(fake.url("/slack/api/auth.test"), [:], headers: bearer(slack))
            #expect(slow.status == 429 && slow.json == ["ok": false, "error": "ratelimited"])
            #expect(slow.header("Retry-After") == "2")
            let ok = try await HTTP.postForm(fake.url("/slack/api/auth.test"), [:], headers: bearer(slack))
            #expect(ok.status == 200 && ok.json["ok"] == true)

            _ = try await addFault(fake, ["match": ["endpoint": "fga"], "effect": ["status": 429], "times": 1])
            let fga = try await HTTP.get(fake.url("/fga/stores"))
            #expect(fga.status == 429 && fga.json == ["code": "rate_limit_exceeded", "message": "Rate Limit exceeded"])
        }
    }

    @Test("after skips the first matches; times stops; the counters say so")
    func afterAndTimes() async throws {
        try await withFakeTenant { fake in
            _ = try await addFault(
                fake,
                [
                    "id": "third", "match": ["path": "/.well-known/jwks.json"], "effect": ["status": 500],
                    "after": 2, "times": 1,
                ])
            var statuses: [Int] = []
            for _ in 0..<4 { statuses.append(try await HTTP.get(fake.url("/.well-known/jwks.json")).status) }
            #expect(statuses == [200, 200, 500, 200])
            let listed = try await HTTP.get(fake.url("/__admin/faults"))
            #expect(listed.value["faults"][0]["matched"] == 4 && listed.value["faults"][0]["injected"] == 1)
            #expect(listed.value["faults"][0]["remaining"] == 0)
        }
    }

    @Test("probability with a seed hits the same requests on every run")
    func seededProbability() async throws {
        func pattern() async throws -> [Bool] {
            try await withFakeTenant { fake in
                _ = try await addFault(
                    fake,
                    ["match": ["endpoint": "jwks"], "effect": ["status": 503], "probability": .double(0.5), "seed": 42])
                var hits: [Bool] = []
                for _ in 0..<16 { hits.append(try await HTTP.get(fake.url("/.well-known/jwks.json")).status == 503) }
                return hits
            }
        }
        let first = try await pattern()
        #expect(first.contains(true) && first.contains(false))
        #expect(try await pattern() == first)
    }

    @Test("grant_type, connection, client and user narrow a fault to the Token Vault exchange they name")
    func identityMatch() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            _ = try await addFault(
                fake,
                [
                    "id": "vault-github",
                    "match": [
                        "endpoint": "tokenvault", "connection": "github", "client": "demo-web",
                        "user": "auth0|alice",
                    ],
                    "effect": ["status": 503],
                ])
            let vault = VaultClient(fake: fake)
            #expect(try await vault.exchange(connection: "google-oauth2").status == 200)
            #expect(try await HTTP.postForm(fake.url("/oauth/token"), m2mForm).status == 200)
            let failed = try await vault.exchange(connection: "github")
            #expect(failed.status == 503 && failed.error == "temporarily_unavailable")
            #expect(failed.header("x-fake-auth0-fault") == "vault-github")
            // Bob's exchange is not Alice's.
            #expect(
                try await vault.exchange(subject: "api-rt", connection: "github").header("x-fake-auth0-fault") == nil)

            _ = try await addFault(
                fake, ["match": ["grant_type": "client_credentials"], "effect": ["status": 500, "error": "boom"]])
            let boom = try await HTTP.postForm(fake.url("/oauth/token"), m2mForm)
            #expect(boom.status == 500 && boom.json == ["error": "boom", "error_description": "Internal Server Error"])
        }
    }

    @Test("latency delays the real answer; hang answers 504; body and headers override; drop closes the connection")
    func timingAndOverrides() async throws {
        try await withFakeTenant { fake in
            _ = try await addFault(
                fake, ["id": "slow", "match": ["endpoint": "discovery"], "effect": ["latency": 20], "times": 1])
            let slow = try await HTTP.get(fake.url("/.well-known/openid-configuration"))
            #expect(slow.status == 200 && slow.json["issuer"] != nil && slow.header("x-fake-auth0-fault") == "slow")

            _ = try await addFault(
                fake, ["id": "hung", "match": ["endpoint": "userinfo"], "effect": ["hang": 10], "times": 1])
            let hung = try await HTTP.get(fake.url("/userinfo"))
            #expect(hung.status == 504 && hung.error == "temporarily_unavailable")

            _ = try await addFault(
                fake,
                [
                    "match": ["method": "get", "path": "/userinfo"],
                    "effect": ["status": 418, "body": ["teapot": true], "headers": ["X-Extra": "1"]], "times": 1,
                ])
            let custom = try await HTTP.get(fake.url("/userinfo"))
            #expect(custom.status == 418 && custom.json == ["teapot": true] && custom.header("X-Extra") == "1")

            _ = try await addFault(
                fake, ["id": "gone", "match": ["path": "/userinfo"], "effect": ["drop": true], "times": 1])
            // A fresh connection: clients retry a GET once when a reused keep-alive connection closes.
            let fresh = URLSession(configuration: .ephemeral)
            await #expect(throws: (any Error).self) { _ = try await fresh.data(from: fake.url("/userinfo")) }
            #expect(fake.tenant.faults.list().first { $0.id == "gone" }?.injected == 1)
            #expect(try await HTTP.get(fake.url("/userinfo")).status == 401, "the next request is answered")
        }
    }

    @Test("the control API lists, deletes and clears; it is never faulted itself")
    func controlAPI() async throws {
        try await withFakeTenant { fake in
            _ = try await addFault(fake, ["id": "all", "match": ["path": "*"], "effect": ["status": 503]])
            _ = try await addFault(fake, ["id": "jwks", "match": ["endpoint": "jwks"], "effect": ["status": 500]])
            #expect(try await HTTP.get(fake.url("/.well-known/jwks.json")).header("x-fake-auth0-fault") == "all")
            let listed = try await HTTP.get(fake.url("/__admin/faults"))
            #expect(
                listed.status == 200
                    && listed.value["faults"].list.compactMap { $0["id"]?.stringValue } == ["all", "jwks"])
            #expect(try await HTTP.send("DELETE", fake.url("/__admin/faults/all")).status == 204)
            #expect(try await HTTP.get(fake.url("/.well-known/jwks.json")).header("x-fake-auth0-fault") == "jwks")
            #expect(try await HTTP.send("DELETE", fake.url("/__admin/faults/all")).status == 404)
            #expect(try await addFault(fake, ["id": "jwks", "effect": ["status": 500]]).status == 409)
            #expect(try await HTTP.send("DELETE", fake.url("/__admin/faults")).status == 204)
            #expect(try await HTTP.get(fake.url("/.well-known/jwks.json")).status == 200)
            #expect(fake.tenant.faults.list().isEmpty)
        }
    }

    @Test(
        "bad faults are refused with 400 naming the problem, and nothing is added",
        arguments: [
            (["match": ["endpoint": "nope"], "effect": ["status": 500]], "unknown endpoint kind 'nope'"),
            (["match": ["path": "/a[b]"], "effect": ["status": 500]], "match.path: '[' is not allowed"),
            (["effect": ["status": 500], "probability": .double(1.5)], "probability: must be a number from 0 to 1"),
            (["effect": ["latency": 30_001]], "effect.latency: must be 0…30000 milliseconds"),
            (["effect": ["hang": 0]], "effect.hang: must be 1…120000 milliseconds"),
            (["effect": ["status": 700]], "effect.status: must be 200…599"),
            (["effect": ["status": 429, "retry_after": -1]], "effect.retry_after: must be 0…86400 seconds"),
            (["effect": ["status": 500], "times": 0], "times: must be 1…1000000"),
            (["effect": ["status": 500], "after": -3], "after: must be 0…1000000"),
            (["effect": ["drop": true, "status": 500]], "effect.drop: a dropped connection has no status"),
            (["effect": [:]], "effect: give at least one of"),
            (["match": ["client": "ghost"], "effect": ["status": 500]], "match.client: no client has the id 'ghost'"),
            (["effect": ["status": 500, "colour": "red"]], "effect.colour: unknown key 'colour'"),
            (["match": ["endpoint": "token"]], "effect: required key is missing"),
        ] as [([String: JSONValue], String)])
    func badFaults(fault: [String: JSONValue], reason: String) async throws {
        try await withFakeTenant { fake in
            let refused = try await addFault(fake, fault)
            #expect(refused.status == 400 && refused.error == "invalid_request")
            #expect(refused.json["error_description"]?.stringValue?.contains(reason) == true, "\(refused.text)")
            #expect(fake.tenant.faults.list().isEmpty)
        }
    }

    @Test("a scenario's faults apply from the start; bad ones are refused with file:path: reason")
    func scenarioFaults() async throws {
        let yaml = """
            faults:
              - id: jwks-down
                match: { endpoint: jwks }
                effect: { status: 503 }
                times: 1
            """
        let scenario = try ScenarioLoader.load(yaml: yaml, file: "faults.yaml")
        #expect(scenario.faults.map(\.id) == ["jwks-down"])
        try await withFakeTenant(scenario: try TestScenario.make { $0.faults = scenario.faults }) { fake in
            let down = try await HTTP.get(fake.url("/.well-known/jwks.json"))
            #expect(down.status == 503 && down.header("x-fake-auth0-fault") == "jwks-down")
            #expect(try await HTTP.get(fake.url("/.well-known/jwks.json")).status == 200)
        }
        let bad = """
            faults:
              - { id: a, match: { path: "no-slash" }, effect: { latency: 40000 }, probability: -1 }
              - { id: a, match: { user: "auth0|ghost" }, effect: { status: 500 } }
              - { match: { endpoint: "provider:dropbox" }, effect: { status: 500 } }
            """
        #expect(
            ScenarioValidationTests.problems(bad).contains(
                "bad.yaml:faults[2].match.endpoint: unknown endpoint kind 'provider:dropbox' (known: token, tokenvault, bc-authorize, userinfo, jwks, discovery, authorize, logout, myaccount, provider:google, provider:github, provider:slack, fga, protected-api)"
            ))
        let semantic = ScenarioValidationTests.problems(
            String(bad.split(separator: "\n").dropLast().joined(separator: "\n")))
        #expect(semantic.contains("bad.yaml:faults[0].match.path: a path glob starts with '/' or '*'"))
        #expect(semantic.contains("bad.yaml:faults[0].effect.latency: must be 0…30000 milliseconds"))
        #expect(semantic.contains("bad.yaml:faults[0].probability: must be a number from 0 to 1"))
        #expect(semantic.contains("bad.yaml:faults[1].id: duplicate fault id 'a' (first at faults[0])"))
        #expect(semantic.contains("bad.yaml:faults[1].match.user: no user has the sub 'auth0|ghost'"))
    }

    @Test("path globs: * spans segments, ? one character, everything else literal")
    func globs() throws {
        let glob = try #require(PathGlob("/google/gmail/v1/users/*/messages?"))
        #expect(glob.matches("/google/gmail/v1/users/me/messagesX"))
        #expect(glob.matches("/google/gmail/v1/users/a/b/messages/"))
        #expect(!glob.matches("/google/gmail/v1/users/me/messages"))
        #expect(try #require(PathGlob("*")).matches("/anything/at/all"))
        #expect(try #require(PathGlob("/a*b*c")).matches("/aXXbYYbZc"))
        #expect(!(try #require(PathGlob("/a*b*c")).matches("/aXXbYY")))
        #expect(PathGlob("/x{a,b}") == nil && PathGlob("relative") == nil)
    }
}
