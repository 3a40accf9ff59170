import FakeAuth0
import Foundation
import Testing

@Suite("scenario files")
struct ScenarioValidationTests {
    static let valid = """
        tenant: { name: t }
        clients:
          - { id: web, type: regular_web, secret: s, callbacks: [http://localhost:3000/cb] }
          - { id: m2m, type: m2m, secret: s }
        apis:
          - { audience: https://api/, scopes: [read], clients: [m2m] }
        users:
          - { sub: auth0|a, email: a@example.com }
        """

    static func problems(_ yaml: String) -> [String] {
        do {
            _ = try ScenarioLoader.load(yaml: yaml, file: "bad.yaml")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test("the built-in default scenario loads, with the clients, users and connections it promises")
    func defaultScenario() throws {
        let scenario = try ScenarioLoader.defaultScenario()
        #expect(Set(scenario.clients.map(\.type)) == Set(ClientType.allCases))
        #expect(scenario.users.count >= 2)
        #expect(
            Set(scenario.connections.map(\.name)).isSuperset(of: ["google-oauth2", "github", "sign-in-with-slack"]))
        #expect(Self.problems(Self.valid).isEmpty)
    }

    @Test(
        "each fault is refused with file, path and reason",
        arguments: [
            ("tenat: {}", "bad.yaml:tenat: unknown key 'tenat'"),
            ("clients:\n  - { id: x, type: m2m, secrt: s }", "bad.yaml:clients[0].secrt: unknown key 'secrt'"),
            ("tenant: { access_token_lifetime: soon }", "bad.yaml:tenant.access_token_lifetime: expected an integer"),
            ("clients:\n  - { type: m2m, secret: s }", "bad.yaml:clients[0].id: required key is missing"),
            ("clients:\n  - { id: x, type: robot, secret: s }", "bad.yaml:clients[0].type:"),
            (
                "clients:\n  - { id: x, type: m2m, secret: s, grants: [teleport] }",
                "bad.yaml:clients[0].grants[0]: unknown grant 'teleport'"
            ),
            (
                "clients:\n  - { id: x, type: m2m, secret: s }\n  - { id: x, type: m2m, secret: t }",
                "bad.yaml:clients[1].id: duplicate client id 'x'"
            ),
            ("clients:\n  - { id: x, type: spa, secret: s }", "bad.yaml:clients[0].secret: a spa client is public"),
            ("clients:\n  - { id: x, type: m2m }", "bad.yaml:clients[0]: a m2m client needs a secret or public_keys"),
            (
                "clients:\n  - { id: x, type: regular_web, secret: s, callbacks: [not a url] }",
                "bad.yaml:clients[0].callbacks[0]: 'not a url' is not an absolute URL"
            ),
            (
                "clients:\n  - { id: x, type: m2m, public_keys: [nope] }",
                "bad.yaml:clients[0].public_keys[0]: not an RSA public key"
            ),
            (
                "apis:\n  - { audience: a, clients: [ghost] }",
                "bad.yaml:apis[0].clients[0]: no client has the id 'ghost'"
            ),
            ("apis:\n  - { audience: a }\n  - { audience: a }", "bad.yaml:apis[1].audience: duplicate audience 'a'"),
            ("users:\n  - { sub: u }\n  - { sub: u }", "bad.yaml:users[1].sub: duplicate user 'u'"),
            ("users:\n  - { sub: u, email: nope }", "bad.yaml:users[0].email: 'nope' is not an email address"),
            (
                "refresh_tokens:\n  - { token: t, client: c, user: u }",
                "bad.yaml:refresh_tokens[0].client: no client has the id 'c'"
            ),
            ("tenant: { domain: 'https://x/' }", "bad.yaml:tenant.domain: must be a host or host:port"),
            ("tenant: { signing_key: 'nope' }", "bad.yaml:tenant.signing_key: not an RSA private key"),
            ("tenant: { id_token_lifetime: -1 }", "bad.yaml:tenant.id_token_lifetime: must be a positive number"),
            (
                "tenant: { default_audience: ghost }",
                "bad.yaml:tenant.default_audience: no API has the audience 'ghost'"
            ),
            ("clients: {}", "bad.yaml:clients: expected a list"),
            ("clients: [\n", "bad.yaml:(root): not valid YAML"),
        ])
    func refusedFaults(yaml: String, expected: String) {
        let problems = Self.problems(yaml)
        #expect(problems.contains { $0.hasPrefix(expected) }, "got: \(problems)")
    }

    @Test("every problem of a file is reported at once")
    func reportsAllProblems() {
        let problems = Self.problems(
            """
            clients:
              - { id: x, type: m2m }
              - { id: x, type: spa, secret: s }
            apis:
              - { audience: a, clients: [ghost] }
            """)
        #expect(problems.count == 4, "\(problems)")
    }

    @Test("every example scenario in scenarios/ is valid")
    func exampleScenarios() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 4)
        for file in files {
            #expect(throws: Never.self, "\(file)") {
                try ScenarioLoader.load(path: directory.appending(path: file).path)
            }
        }
    }

    @Test("a missing file is refused with its path")
    func missingFile() {
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: "/no/such/scenario.yaml") }
    }
}
