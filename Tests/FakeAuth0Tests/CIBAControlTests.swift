import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

@Suite("CIBA control API and Swift controls")
struct CIBAControlTests {
    @Test("list pending requests, approve one with another scope, deny another, refuse deciding twice")
    func approveAndDenyOverHTTP() async throws {
        try await withFakeTenant(scenario: cibaScenario()) { fake in
            let ciba = CIBAClient(fake: fake)
            let first = try await ciba.started()
            let second = try await ciba.started(
                user: "auth0|bob", extra: ["authorization_details": #"[{"type":"trade","ticker":"GOOGL"}]"#])

            let listed = try await HTTP.get(
                fake.url("/__admin/ciba/requests").appending(queryItems: [.init(name: "status", value: "pending")]))
            guard case .array(let requests)? = listed.json["requests"] else {
                Issue.record("no list")
                return
            }
            #expect(requests.count == 2)
            let bobs = try await HTTP.get(
                fake.url("/__admin/ciba/requests").appending(queryItems: [.init(name: "user", value: "auth0|bob")]))
            guard case .array(let bobRequests)? = bobs.json["requests"], case .object(let bob)? = bobRequests.first
            else {
                Issue.record("no bob request")
                return
            }
            #expect(bob["binding_message"] == "Approve the purchase")
            #expect(bob["authorization_details"] == .array([.object(["type": "trade", "ticker": "GOOGL"])]))
            #expect(bob["status"] == "pending")

            let approve = try await HTTP.postJSON(
                fake.url("/__admin/ciba/requests/\(first)/approve"),
                ["scope": "openid read:data", "acr": "http://schemas.openid.net/pape/policies/2007/06/multi-factor"])
            #expect(approve.status == 200 && approve.json["status"] == "approved")
            let tokens = try await ciba.poll(first)
            #expect(tokens.status == 200)
            #expect(tokens.json["scope"] == "openid read:data")
            #expect(
                jwtParts(try #require(tokens.json["access_token"]?.stringValue)).payload["acr"]
                    == "http://schemas.openid.net/pape/policies/2007/06/multi-factor")
            #expect(
                jwtParts(try #require(tokens.json["id_token"]?.stringValue)).payload["acr"]
                    == "http://schemas.openid.net/pape/policies/2007/06/multi-factor")

            let deny = try await HTTP.send("POST", fake.url("/__admin/ciba/requests/\(second)/deny"))
            #expect(deny.status == 200)
            #expect(try await ciba.poll(second).error == "access_denied")
            let twice = try await HTTP.send("POST", fake.url("/__admin/ciba/requests/\(second)/approve"))
            #expect(twice.status == 409 && twice.error == "conflict")
            let unknown = try await HTTP.send("POST", fake.url("/__admin/ciba/requests/nope/approve"))
            #expect(unknown.status == 404)
        }
    }

    @Test("a decision armed before the request arrives decides the next matching one only")
    func armedDecisionOverHTTP() async throws {
        try await withFakeTenant(scenario: cibaScenario()) { fake in
            let armed = try await HTTP.postJSON(
                fake.url("/__admin/ciba/next"), ["decision": "deny", "match": ["user": "auth0|bob"]])
            #expect(armed.status == 201)
            let ciba = CIBAClient(fake: fake)
            #expect(
                try await ciba.poll(try await ciba.started()).error == "authorization_pending", "alice does not match")
            #expect(try await ciba.poll(try await ciba.started(user: "auth0|bob")).error == "access_denied")
            #expect(
                try await ciba.poll(try await ciba.started(user: "auth0|bob")).error == "authorization_pending",
                "used once")

            let bad = try await HTTP.postJSON(fake.url("/__admin/ciba/next"), ["decision": "maybe"])
            #expect(bad.status == 400 && bad.error == "invalid_request")
        }
    }

    @Test("the clock can be read, frozen, advanced and resumed over HTTP")
    func clockOverHTTP() async throws {
        try await withFakeTenant(scenario: cibaScenario()) { fake in
            let frozen = try await HTTP.send("POST", fake.url("/__admin/clock/freeze"))
            #expect(frozen.json["frozen"] == .bool(true))
            let before = try #require(frozen.json["now"]?.intValue)
            let advanced = try await HTTP.postJSON(fake.url("/__admin/clock/advance"), ["seconds": 3600])
            #expect(advanced.json["now"] == .int(before + 3600))
            #expect(try await HTTP.get(fake.url("/__admin/clock")).json["now"] == .int(before + 3600))
            let resumed = try await HTTP.send("POST", fake.url("/__admin/clock/resume"))
            #expect(resumed.json["frozen"] == .bool(false))
            let bad = try await HTTP.postJSON(fake.url("/__admin/clock/advance"), ["seconds": "soon"])
            #expect(bad.status == 400)
        }
    }

    @Test("Swift tests drive the approver directly: approveNext(for:) and approve(_:)")
    func swiftControls() async throws {
        try await withFakeTenant(scenario: cibaScenario()) { fake in
            try fake.tenant.ciba.approveNext(for: "auth0|alice")
            let ciba = CIBAClient(fake: fake)
            #expect(try await ciba.poll(try await ciba.started()).status == 200)

            let id = try await ciba.started(user: "auth0|bob")
            #expect(try fake.tenant.ciba.requests(user: "auth0|bob", pendingOnly: true).map(\.authReqID) == [id])
            try fake.tenant.ciba.approve(id)
            #expect(try await ciba.poll(id).status == 200)
        }
    }

    @Test("the approval page lists a user's pending requests, escapes them, and its buttons decide them")
    func approvalPage() async throws {
        try await withFakeTenant(scenario: cibaScenario()) { fake in
            let ciba = CIBAClient(fake: fake)
            let id = try await ciba.started(extra: [
                "binding_message": "<script>alert(1)</script>",
                "authorization_details": #"[{"type":"payment","amount":"5.00"}]"#,
            ])
            let page = try await HTTP.get(
                fake.url("/__device").appending(queryItems: [.init(name: "user", value: "auth0|alice")]))
            #expect(page.status == 200)
            #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.text.contains("<script>alert"))
            #expect(page.text.contains("data-auth-req-id=\"\(id)\""))
            #expect(page.text.contains("<dt>amount</dt><dd>5.00</dd>"))

            let click = try await HTTP.send("POST", fake.url("/__device/requests/\(id)/approve"))
            #expect(click.status == 200, "follows the 303 back to the page")
            #expect(click.text.contains("No pending requests."))
            #expect(try await ciba.poll(id).status == 200)
        }
    }
}
