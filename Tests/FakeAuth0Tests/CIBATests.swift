import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

/// A client of the CIBA endpoints, as the SDKs call them.
struct CIBAClient {
    let fake: FakeTenant
    var client = "demo-web"
    var secret = "demo-web-secret"

    func loginHint(_ user: String, iss: String? = nil, spaced: Bool = false) -> String {
        let issuer = iss ?? fake.issuer
        return spaced
            ? #"{ "format": "iss_sub", "iss": "\#(issuer)", "sub": "\#(user)" }"#
            : #"{"format":"iss_sub","iss":"\#(issuer)","sub":"\#(user)"}"#
    }

    func start(
        user: String = "auth0|alice", scope: String = "openid profile offline_access read:data",
        audience: String? = TestScenario.apiAudience, extra: [String: String] = [:]
    ) async throws -> HTTPResult {
        var form = ["client_id": client, "client_secret": secret, "login_hint": loginHint(user), "scope": scope]
        form["audience"] = audience
        form["binding_message"] = "Approve the purchase"
        form.merge(extra) { _, new in new }
        return try await HTTP.postForm(fake.url("/bc-authorize"), form)
    }

    /// Starts a request that must be accepted and returns its `auth_req_id`.
    func started(user: String = "auth0|alice", extra: [String: String] = [:]) async throws -> String {
        let response = try await start(user: user, extra: extra)
        #expect(response.status == 200, "\(response.text)")
        return try #require(response.json["auth_req_id"]?.stringValue)
    }

    func poll(_ id: String) async throws -> HTTPResult {
        try await HTTP.postForm(
            fake.url("/oauth/token"),
            ["grant_type": GrantType.ciba.rawValue, "auth_req_id": id, "client_id": client, "client_secret": secret])
    }
}

/// The test scenario with CIBA settings for a test.
func cibaScenario(_ configure: (inout CIBASettings) -> Void = { _ in }) throws -> Scenario {
    try TestScenario.make { scenario in
        scenario.ciba = CIBASettings(interval: 0)
        configure(&scenario.ciba)
    }
}

@Suite("CIBA over HTTP")
struct CIBATests {
    @Test("approve after N polls: pending, pending, then tokens once")
    func approveAfterPolls() async throws {
        try await withFakeTenant(scenario: cibaScenario { $0.defaultDecision = .approveAfter(.init(polls: 2)) }) {
            fake in
            let ciba = CIBAClient(fake: fake)
            let start = try await ciba.start()
            #expect(start.status == 200)
            #expect(start.json["expires_in"] == .int(300))
            #expect(start.json["interval"] == .int(0))
            let id = try #require(start.json["auth_req_id"]?.stringValue)

            for _ in 0..<2 {
                let pending = try await ciba.poll(id)
                #expect(pending.status == 400 && pending.error == "authorization_pending")
                #expect(pending.json["error_description"] == "The end-user authorization is pending")
            }
            let approved = try await ciba.poll(id)
            #expect(approved.status == 200)
            #expect(approved.json["scope"] == "openid profile offline_access read:data")
            #expect(approved.json["id_token"] != nil && approved.json["refresh_token"] != nil)
            let access = jwtParts(try #require(approved.json["access_token"]?.stringValue)).payload
            #expect(access["sub"] == "auth0|alice")
            #expect(access["aud"] == .array([.string(TestScenario.apiAudience), .string(fake.issuer + "userinfo")]))

            let again = try await ciba.poll(id)
            #expect(again.status == 403 && again.error == "invalid_grant", "auth_req_id is single-use")
        }
    }

    @Test("deny, sequence rules, and time-based decisions on the virtual clock")
    func denySequenceAndSeconds() async throws {
        let scenario = try cibaScenario { ciba in
            ciba.rules = [
                CIBARule(match: .init(user: "auth0|bob"), decide: .deny),
                CIBARule(match: .init(bindingMessage: "Buy *"), sequence: [.deny, .approve]),
                CIBARule(match: .init(bindingMessage: "Later*"), decide: .approveAfter(.init(seconds: 60))),
            ]
        }
        try await withFakeTenant(scenario: scenario) { fake in
            let ciba = CIBAClient(fake: fake)
            let denied = try await ciba.poll(try await ciba.started(user: "auth0|bob"))
            #expect(denied.status == 400 && denied.error == "access_denied")

            let first = try await ciba.poll(try await ciba.started(extra: ["binding_message": "Buy 1 book"]))
            #expect(first.error == "access_denied")
            let second = try await ciba.poll(try await ciba.started(extra: ["binding_message": "Buy 2 books"]))
            #expect(second.status == 200)
            let third = try await ciba.poll(try await ciba.started(extra: ["binding_message": "Buy 3 books"]))
            #expect(third.status == 200, "the last decision of a sequence repeats")

            let later = try await ciba.started(extra: ["binding_message": "Later please"])
            #expect(try await ciba.poll(later).error == "authorization_pending")
            fake.clock.advance(by: 60)
            #expect(try await ciba.poll(later).status == 200)
        }
    }

    @Test("polling faster than interval is slow_down with Retry-After, but never the first poll")
    func slowDown() async throws {
        try await withFakeTenant(scenario: cibaScenario { $0.interval = 5 }) { fake in
            fake.clock.freeze()
            let ciba = CIBAClient(fake: fake)
            let id = try await ciba.started()
            #expect(try await ciba.poll(id).error == "authorization_pending")
            let fast = try await ciba.poll(id)
            #expect(fast.status == 400 && fast.error == "slow_down")
            #expect(fast.header("Retry-After") == "5")
            fake.clock.advance(by: 4.9)
            let stillEarly = try await ciba.poll(id)
            #expect(
                stillEarly.error == "slow_down",
                "4.9 s after a slow_down is still too early, whatever the second boundary")
            fake.clock.advance(by: 5)
            #expect(try await ciba.poll(id).error == "authorization_pending")
        }
    }

    @Test("past expiry a poll gets expired_token, or access_denied when the scenario asks for Auth0's answer")
    func expiry() async throws {
        try await withFakeTenant(scenario: cibaScenario()) { fake in
            let ciba = CIBAClient(fake: fake)
            let id = try await ciba.started(extra: ["requested_expiry": "120"])
            fake.clock.advance(by: 120)
            let expired = try await ciba.poll(id)
            #expect(expired.status == 400 && expired.error == "expired_token")
            #expect(try fake.tenant.ciba.request(id).status == "expired")
        }
        try await withFakeTenant(scenario: cibaScenario { $0.expiredError = "access_denied" }) { fake in
            let ciba = CIBAClient(fake: fake)
            let id = try await ciba.started()
            fake.clock.advance(by: 301)
            #expect(try await ciba.poll(id).error == "access_denied")
        }
    }

    @Test("requested_expiry, RAR and JSON polls: what the SDKs send is accepted and echoed")
    func requestedExpiryRARAndJSONPoll() async throws {
        try await withFakeTenant(scenario: cibaScenario { $0.defaultDecision = .approve }) { fake in
            let ciba = CIBAClient(fake: fake)
            let details =
                #"[{"type":"payment_initiation","instructedAmount":{"currency":"USD","amount":"50.00"},"creditorName":"ExampleCorp"}]"#
            let start = try await ciba.start(extra: ["requested_expiry": "120", "authorization_details": details])
            #expect(start.json["expires_in"] == .int(120))
            let id = try #require(start.json["auth_req_id"]?.stringValue)
            let tokens = try await HTTP.postJSON(
                fake.url("/oauth/token"),
                [
                    "grant_type": .string(GrantType.ciba.rawValue), "auth_req_id": .string(id), "client_id": "demo-web",
                    "client_secret": "demo-web-secret",
                ])
            #expect(tokens.status == 200)
            let expected = try JSONDecoder().decode(JSONValue.self, from: Data(details.utf8))
            #expect(tokens.json["authorization_details"] == expected)
            #expect(
                jwtParts(try #require(tokens.json["access_token"]?.stringValue)).payload["authorization_details"]
                    == expected)
        }
    }

    @Test(
        "bad /bc-authorize requests are refused like Auth0 refuses them",
        arguments: [
            (
                "unknown user", ["login_hint": #"{"format":"iss_sub","iss":"ISS","sub":"auth0|nobody"}"#], 400,
                "invalid_request"
            ),
            (
                "unverified email",
                ["login_hint": #"{"format":"iss_sub","iss":"ISS","sub":"google-oauth2|100000000000000000001"}"#], 400,
                "invalid_request"
            ),
            (
                "wrong iss",
                ["login_hint": #"{"format":"iss_sub","iss":"https://other.example/","sub":"auth0|alice"}"#], 400,
                "invalid_request"
            ),
            ("not JSON", ["login_hint": "auth0|alice"], 400, "invalid_request"),
            ("no openid", ["scope": "read:data"], 400, "invalid_request"),
            ("audience None", ["audience": "None"], 400, "invalid_request"),
            ("bad expiry", ["requested_expiry": "soon"], 400, "invalid_request"),
            ("RAR without type", ["authorization_details": #"[{"amount":"5"}]"#], 400, "invalid_request"),
            ("RAR not an array", ["authorization_details": #"{"type":"x"}"#], 400, "invalid_request"),
            (
                "client without the grant", ["client_id": "demo-m2m", "client_secret": "demo-m2m-secret"], 403,
                "unauthorized_client"
            ),
            ("bad secret", ["client_secret": "nope"], 401, "invalid_client"),
        ] as [(String, [String: String], Int, String)])
    func refusedRequests(label: String, changes: [String: String], status: Int, error: String) async throws {
        try await withFakeTenant(scenario: cibaScenario()) { fake in
            let ciba = CIBAClient(fake: fake)
            let extra = changes.mapValues { $0.replacingOccurrences(of: "ISS", with: fake.issuer) }
            let response = try await ciba.start(extra: extra)
            #expect(response.status == status, "\(label): \(response.text)")
            #expect(response.error == error, "\(label)")
            #expect(response.header("Content-Type") == "application/json")
        }
    }

    @Test("login_hint is parsed as JSON, with or without spaces")
    func spacedLoginHint() async throws {
        try await withFakeTenant(scenario: cibaScenario()) { fake in
            let ciba = CIBAClient(fake: fake)
            let response = try await ciba.start(extra: ["login_hint": ciba.loginHint("auth0|alice", spaced: true)])
            #expect(response.status == 200)
        }
    }

    @Test("notification channels: no push and no email channel is refused; push is not eligible beyond 5 minutes")
    func channels() async throws {
        var scenario = try cibaScenario()
        scenario.users[1].guardianEnrolled = false
        scenario.clients.append(
            ClientConfig(
                id: "email-agent", secret: "email-secret", type: .regularWeb, grants: [.ciba],
                asyncApprovalChannels: ["guardian-push", "email"]))
        try await withFakeTenant(scenario: scenario) { fake in
            let pushOnly = CIBAClient(fake: fake)
            let notEnrolled = try await pushOnly.start(user: "auth0|bob")
            #expect(notEnrolled.error == "invalid_request")
            let tooLong = try await pushOnly.start(extra: ["requested_expiry": "301"])
            #expect(tooLong.error == "invalid_request")
            let withEmail = CIBAClient(fake: fake, client: "email-agent", secret: "email-secret")
            let byEmail = try await withEmail.start(user: "auth0|bob", audience: nil)
            #expect(byEmail.status == 200, "\(byEmail.text)")
        }
    }

    @Test("strict binding messages: at most 64 characters from Auth0's set")
    func strictBindingMessage() async throws {
        try await withFakeTenant(scenario: cibaScenario { $0.strictBindingMessage = true }) { fake in
            let ciba = CIBAClient(fake: fake)
            #expect(try await ciba.start(extra: ["binding_message": "Buy 3 shares of GOOGL: #42"]).status == 200)
            let question = try await ciba.start(extra: ["binding_message": "Do you want to buy?"])
            #expect(question.status == 400 && question.error == "invalid_binding_message")
            let long = try await ciba.start(extra: ["binding_message": String(repeating: "a", count: 65)])
            #expect(long.error == "invalid_binding_message")
        }
    }

    @Test("unknown and foreign auth_req_ids are invalid_grant")
    func unknownAndForeignIDs() async throws {
        try await withFakeTenant(scenario: cibaScenario { $0.defaultDecision = .approve }) { fake in
            let ciba = CIBAClient(fake: fake)
            #expect(try await ciba.poll("no-such-id").error == "invalid_grant")
            let id = try await ciba.started()
            let other = CIBAClient(fake: fake, client: "rotating-web", secret: "rotating-secret")
            let foreign = try await HTTP.postForm(
                fake.url("/oauth/token"),
                [
                    "grant_type": GrantType.ciba.rawValue, "auth_req_id": id, "client_id": other.client,
                    "client_secret": other.secret,
                ])
            #expect(foreign.error == "unauthorized_client" || foreign.error == "invalid_grant")
            let missing = try await HTTP.postForm(
                fake.url("/oauth/token"),
                ["grant_type": GrantType.ciba.rawValue, "client_id": "demo-web", "client_secret": "demo-web-secret"])
            #expect(missing.status == 400 && missing.error == "invalid_request")
        }
    }
}

extension Scenario {
    /// A copy changed by `change`.
    func with(_ change: (inout Scenario) -> Void) -> Scenario {
        var copy = self
        change(&copy)
        return copy
    }
}
