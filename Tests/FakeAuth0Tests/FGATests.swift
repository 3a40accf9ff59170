import FakeAuth0
import FakeAuth0Testing
import FakeFGA
import Foundation
import Testing

@Suite("the OpenFGA-compatible API")
struct FGATests {
    static let store = "01JFGA0RAG0STREE0000000001"
    static let model = "01JFGA0RAG0MDE10000000000A"
    static let audience = "https://api.fga.example/"

    /// The example scenario of the docs' RAG sample, with the test signing key.
    static func ragScenario(configure: (inout Scenario) -> Void = { _ in }) throws -> Scenario {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "scenarios/fga-rag.yaml")
        var scenario = try ScenarioLoader.load(path: file.path)
        scenario.tenant.signingKey = TestKeys.signing
        configure(&scenario)
        return scenario
    }

    /// A `client_credentials` token for the FGA audience.
    func fgaToken(_ fake: FakeTenant) async throws -> String {
        let response = try await HTTP.postForm(
            fake.url("/oauth/token"),
            [
                "grant_type": "client_credentials", "client_id": "rag-fga-client", "client_secret": "rag-fga-secret",
                "audience": Self.audience,
            ])
        return try #require(response.json["access_token"]?.stringValue, "\(response.text)")
    }

    func api(_ fake: FakeTenant, _ path: String) -> URL { fake.url("/fga/stores/\(Self.store)\(path)") }

    @Test("a client_credentials token for the FGA audience checks, batch-checks and lists objects over HTTP")
    func queries() async throws {
        try await withFakeTenant(scenario: try Self.ragScenario()) { fake in
            let auth = bearer(try await fgaToken(fake))
            func check(_ user: String, _ relation: String, _ object: String) async throws -> Bool? {
                let answer = try await HTTP.postJSON(
                    api(fake, "/check"),
                    ["tuple_key": ["user": .string(user), "relation": .string(relation), "object": .string(object)]],
                    headers: auth)
                #expect(answer.status == 200, "\(answer.text)")
                return answer.json["allowed"]?.boolValue
            }
            #expect(try await check("user:bob", "viewer", "doc:public-handbook") == true)
            #expect(try await check("user:bob", "viewer", "doc:private-roadmap") == false)
            #expect(try await check("user:alice", "viewer", "doc:private-roadmap") == true)

            let batch = try await HTTP.postJSON(
                api(fake, "/batch-check"),
                [
                    "checks": [
                        [
                            "tuple_key": ["user": "user:bob", "relation": "viewer", "object": "doc:public-handbook"],
                            "correlation_id": "a",
                        ],
                        [
                            "tuple_key": ["user": "user:bob", "relation": "viewer", "object": "doc:private-roadmap"],
                            "correlation_id": "b",
                        ],
                    ]
                ], headers: auth)
            #expect(batch.status == 200, "\(batch.text)")
            #expect(batch.value["result"]["a"]["allowed"]?.boolValue == true)
            #expect(batch.value["result"]["b"]["allowed"]?.boolValue == false)

            let objects = try await HTTP.postJSON(
                api(fake, "/list-objects"), ["type": "doc", "relation": "viewer", "user": "user:alice"], headers: auth)
            #expect(
                objects.value["objects"].list.compactMap(\.stringValue) == [
                    "doc:private-roadmap", "doc:public-handbook",
                ])

            let model = try await HTTP.get(api(fake, "/authorization-models"), headers: auth)
            #expect(model.value["authorization_models"][0]["id"]?.stringValue == Self.model)
        }
    }

    @Test("writes follow OpenFGA: a duplicate is write_failed_due_to_invalid_input, a bad tuple validation_error")
    func writes() async throws {
        try await withFakeTenant(scenario: try Self.ragScenario()) { fake in
            let auth = bearer(try await fgaToken(fake))
            let tuple: JSONValue = ["user": "user:bob", "relation": "viewer", "object": "doc:notes"]
            let first = try await HTTP.postJSON(api(fake, "/write"), ["writes": ["tuple_keys": [tuple]]], headers: auth)
            #expect(first.status == 200 && first.text == "{}", "\(first.text)")
            let again = try await HTTP.postJSON(api(fake, "/write"), ["writes": ["tuple_keys": [tuple]]], headers: auth)
            #expect(again.status == 400 && again.json["code"] == "write_failed_due_to_invalid_input", "\(again.text)")
            let bad = try await HTTP.postJSON(
                api(fake, "/write"),
                ["writes": ["tuple_keys": [["user": "doc:x", "relation": "viewer", "object": "doc:notes"]]]],
                headers: auth)
            #expect(bad.status == 400 && bad.json["code"] == "validation_error", "\(bad.text)")
            let read = try await HTTP.postJSON(
                api(fake, "/read"), ["tuple_key": ["object": "doc:notes"]], headers: auth)
            #expect(read.value["tuples"].list.count == 1)
            #expect(read.value["continuation_token"]?.stringValue == "")
            #expect(
                try fake.tenant.fga.tuples(store: Self.store).contains(
                    FGATupleKey(object: "doc:notes", relation: "viewer", user: "user:bob")))
        }
    }

    @Test("no token, a foreign token and an expired token get OpenFGA's 401; the api_token is accepted")
    func authentication() async throws {
        let scenario = try Self.ragScenario { $0.fga.apiToken = "local-dev-token" }
        try await withFakeTenant(scenario: scenario) { fake in
            let body: [String: JSONValue] = [
                "tuple_key": ["user": "user:bob", "relation": "viewer", "object": "doc:public-handbook"]
            ]
            let missing = try await HTTP.postJSON(api(fake, "/check"), body)
            #expect(missing.status == 401 && missing.json["code"] == "bearer_token_missing")
            let foreign = try await HTTP.postJSON(api(fake, "/check"), body, headers: bearer("nope"))
            #expect(
                foreign.status == 401 && foreign.json["code"] == "unauthenticated"
                    && foreign.json["message"] == "unauthenticated")
            let preshared = try await HTTP.postJSON(api(fake, "/check"), body, headers: bearer("local-dev-token"))
            #expect(preshared.status == 200 && preshared.json["allowed"]?.boolValue == true)

            let token = try await fgaToken(fake)
            fake.clock.advance(by: 86_401)
            let expired = try await HTTP.postJSON(api(fake, "/check"), body, headers: bearer(token))
            #expect(expired.status == 401 && expired.json["code"] == "unauthenticated")

            let unknown = try await HTTP.get(
                fake.url("/fga/stores/01JFGA0RAG0STREE0000000009"), headers: bearer("local-dev-token"))
            #expect(unknown.status == 404 && unknown.json["code"] == "store_id_not_found")
            let nowhere = try await HTTP.get(fake.url("/fga/nowhere"), headers: bearer("local-dev-token"))
            #expect(nowhere.status == 404 && nowhere.json["code"] == "undefined_endpoint")
        }
    }

    @Test("the Swift control API and /__admin/fga read and write tuples")
    func control() async throws {
        try await withFakeTenant(scenario: try Self.ragScenario()) { fake in
            let id = try fake.tenant.fga.storeID(named: "rag-sample")
            #expect(id == Self.store)
            try fake.tenant.fga.write(
                store: id, writes: [FGATupleKey(object: "doc:private-roadmap", relation: "viewer", user: "user:bob")])
            #expect(
                try fake.tenant.fga.check(
                    store: id, user: "user:bob", relation: "viewer", object: "doc:private-roadmap"))
            let listed = try await HTTP.get(fake.url("/__admin/fga/stores"))
            #expect(listed.value["stores"][0]["tuples"] == 4)
            let check = try await HTTP.postJSON(
                fake.url("/__admin/fga/stores/\(id)/check"),
                ["user": "user:carol", "relation": "viewer", "object": "doc:public-handbook"])
            #expect(check.json["allowed"]?.boolValue == true)
        }
    }

    @Test("a bad model or tuple refuses the scenario with file:path and the DSL line")
    func scenarioErrors() throws {
        let yaml = """
            clients: [{ id: fga, type: m2m, secret: s }]
            apis: [{ audience: "https://fga/", clients: [fga] }]
            fga:
              audience: "https://fga/"
              stores:
                - name: broken
                  model: |
                    model
                      schema 1.1
                    type user
                    type doc
                      relations
                        define viewer: [person]
                - name: tuples
                  model: |
                    model
                      schema 1.1
                    type user
                    type doc
                      relations
                        define viewer: [user]
                  tuples:
                    - { user: "user:*", relation: viewer, object: "doc:1" }
                - id: not-a-ulid
                  name: ok
                  model_json: { schema_version: "1.1", type_definitions: [{ type: user }] }
            """
        do {
            _ = try ScenarioLoader.load(yaml: yaml, file: "x.yaml")
            Issue.record("the scenario was accepted")
        } catch {
            let text = error.description
            #expect(
                text.contains("x.yaml:fga.stores[0].model: line 6: 'doc#viewer' refers to the undefined type 'person'"),
                "\(text)")
            #expect(
                text.contains(
                    "x.yaml:fga.stores[1].tuples[0]: Invalid tuple 'doc:1#viewer@user:*'. Reason: the typed wildcard 'user:*' is not an allowed type restriction for 'doc#viewer'"
                ), "\(text)")
            #expect(text.contains("x.yaml:fga.stores[2].id: 'not-a-ulid' is not a ULID"), "\(text)")
        }
    }
}
