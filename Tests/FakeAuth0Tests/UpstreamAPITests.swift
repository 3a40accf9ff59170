import FakeAuth0
import FakeAuth0Testing
import FakeProviders
import Foundation
import Testing

@Suite("declared stub APIs")
struct UpstreamAPITests {
    @Test("routes answer with placeholders filled, by prefix and by host, and calls are recorded")
    func answers() async throws {
        try await withFakeTenant(scenario: UpstreamScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).token("spotify")
            let me = try await HTTP.get(
                fake.url("/apis/spotify/v1/me", query: [("market", "FR")]), headers: bearer(token))
            #expect(me.status == 200 && me.value == ["id": "Alice", "email": "alice@example.com", "country": "FR"])
            var byHost = bearer(token)
            byHost["Host"] = "api.spotify.com"
            let album = try await HTTP.get(fake.url("/v1/albums/4aawyAB9"), headers: byHost)
            #expect(album.value == ["id": "4aawyAB9", "name": "Album 4aawyAB9"])
            let calls = try await HTTP.get(
                fake.url("/__admin/providers/upstream/calls", query: [("connection", "spotify")]))
            #expect(
                calls.value["calls"].list.compactMap { $0["path"]?.stringValue } == ["/v1/me", "/v1/albums/4aawyAB9"])
            #expect(calls.value["calls"][1]["parameters"] == ["id": "4aawyAB9"])
        }
    }

    @Test("refusals: no token, a foreign token, a revoked one, a missing scope, an unknown route")
    func refusals() async throws {
        try await withFakeTenant(scenario: UpstreamScenario.make()) { fake in
            let tokens = ProviderTokens(fake: fake)
            let token = try await tokens.token("spotify")
            let none = try await HTTP.get(fake.url("/apis/spotify/v1/me"))
            #expect(none.status == 401 && none.value == ["error": ["status": 401, "message": "missing"]])
            let foreign = try await HTTP.get(fake.url("/apis/spotify/v1/me"), headers: bearer(try await tokens.google))
            #expect(foreign.status == 401 && foreign.value["error"]["message"] == "invalid")
            let scope = try await HTTP.send("PUT", fake.url("/apis/spotify/v1/me/player/play"), headers: bearer(token))
            #expect(scope.status == 403 && scope.value["error"] == "insufficient_scope")
            #expect(scope.header("WWW-Authenticate")?.contains("user-modify-playback-state") == true)
            let unknown = try await HTTP.get(fake.url("/apis/spotify/v1/nothing"), headers: bearer(token))
            #expect(unknown.status == 404 && unknown.value["error"] == "not_found")
            let account = try tokens.account("spotify")
            try fake.tenant.vault.revoke(account.id)
            let revoked = try await HTTP.get(fake.url("/apis/spotify/v1/me"), headers: bearer(token))
            #expect(revoked.status == 401 && revoked.value["error"]["message"] == "revoked")
        }
    }

    @Test("bad declarations are refused with file:path: reason")
    func validation() throws {
        let yaml = """
            connections: [{ name: spotify }]
            upstream_apis:
              spotify:
                hosts: [api.github.com]
                routes:
                  - { path: "v1/me" }
                  - { path: "/v1/items/{id}", response: { x: "{nope}" } }
                  - { path: "/v1/items/{other}", method: TRACE }
                unauthorized: { status: 200 }
              nobody:
                routes: [{ path: /x, response_file: missing.json }]
            """
        let error = #expect(throws: ScenarioError.self) {
            try ScenarioLoader.load(yaml: yaml, file: "s.yaml", fixturesDirectory: "/nonexistent")
        }
        let text = error.map { "\($0)" } ?? ""
        for expected in [
            "s.yaml:upstream_apis.spotify.hosts[0]: 'api.github.com' is a built-in provider's host",
            "upstream_apis.spotify.routes[0].path: 'v1/me' must start with '/'",
            "upstream_apis.spotify.routes[1].response: unknown placeholder '{nope}'",
            "upstream_apis.spotify.routes[2].method", "upstream_apis.spotify.unauthorized.status",
            "s.yaml:upstream_apis.nobody: no connection is named 'nobody'",
            "upstream_apis.nobody.routes[0].response_file: cannot read",
        ] {
            #expect(text.contains(expected), "\(expected)")
        }
    }
}
