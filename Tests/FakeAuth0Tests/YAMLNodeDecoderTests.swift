import Foundation
import Testing
import Yams

@testable import FakeAuth0

/// Yams' own Codable decoder over a tree whose mapping keys are tagged as strings: how scenario files
/// were decoded before `YAMLNodeDecoder`, kept here as the reference it must agree with.
enum ReferenceYAMLDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T? {
        guard let node = try Yams.compose(yaml: text) else { return nil }
        let limit = max(YAMLDocument.maxNodes, text.utf8.count)
        var budget = limit
        guard YAMLDocument.fits(node, budget: &budget) else { throw YAMLDocument.TooLarge(limit: limit) }
        return try YAMLDecoder().decode(type, from: withStringKeys(node))
    }

    static func withStringKeys(_ node: Node) -> Node {
        switch node {
        case .scalar, .alias:
            return node
        case .sequence(let sequence):
            return .sequence(.init(sequence.map(withStringKeys), sequence.tag, sequence.style, sequence.mark))
        case .mapping(let mapping):
            let pairs = mapping.map { key, value -> (Node, Node) in
                guard case .scalar(let scalar) = key else { return (key, withStringKeys(value)) }
                let isMerge =
                    scalar.string == "<<" && scalar.style == .plain
                    && scalar.tag.rawValue != Tag.Name.str.rawValue
                let tag = Tag(isMerge ? .merge : .str, .basic)
                return (.scalar(.init(scalar.string, tag, scalar.style, scalar.mark)), withStringKeys(value))
            }
            return .mapping(
                .init(pairs, Tag(Tag.Name(rawValue: mapping.tag.rawValue), .basic), mapping.style, mapping.mark))
        }
    }
}

@Suite("scenario decoding from the YAML tree")
struct YAMLNodeDecoderTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func files(in directory: String, suffix: String = ".yaml") throws -> [URL] {
        let url = repository.appending(path: directory)
        return try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(suffix) }.sorted()
            .map { url.appending(path: $0) }
    }

    /// Texts whose decoding exercises every rule the decoders must share: scalar forms, nulls, merge keys,
    /// repeated and odd keys, type errors at every depth, and the hand-written decoders' own errors.
    static let texts: [String] = [
        "tenat: {}",
        "tenant: { access_token_lifetime: soon }",
        "tenant: { access_token_lifetime: 0x10, id_token_lifetime: 1_000, refresh_token_lifetime: 1:30 }",
        "tenant: { access_token_lifetime: '100' }",
        "tenant: { journal_size: 99999999999999999999 }",
        "tenant: { dynamic_client_registration: yes, name: 12 }",
        "tenant: { dynamic_client_registration: 'true' }",
        "tenant: { dynamic_client_registration: !!str true }",
        "tenant: { dynamic_client_registration: ~ }",
        "tenant: { name: ~, domain: null }",
        "tenant: { name: , default_audience: '' }",
        "tenant: { name: [a] }",
        "tenant: { name: { a: b } }",
        "tenant: [a]",
        "tenant: !!map { name: tagged }",
        "tenant: &t { name: anchored }",
        "tenant: { [a]: b }",
        "tenant: { =: x }",
        "tenant: { \"<<\": { name: x } }",
        "tenant: { resource_parameter_profile: sometimes }",
        "clients: {}",
        "clients: [5]",
        "clients:\n  - { type: m2m, secret: s }",
        "clients:\n  - { id: x, type: m2m, secret: s, grants: [teleport] }",
        "clients:\n  - { id: x, type: m2m, secret: s, grants: client_credentials }",
        "just a string",
        "- a\n- b",
        "---\n",
        "users:\n  - { sub: a, app_metadata: { n: 1, f: 1.5, b: true, s: hi, l: [1, two, ~], o: { x: null }, q: '12', e: } }",
        "users:\n  - { sub: a, user_metadata: [1, 2] }",
        """
        users:
          - &a { sub: auth0|a, email: a@x.com, name: A, nickname: nick }
          - { <<: *a, sub: auth0|b, email: b@x.com }
          - { <<: [*a, { nickname: other, name: Other }], sub: auth0|c }
          - { <<: 5, sub: auth0|d }
          - { !!str <<: *a, sub: auth0|e }
          - { <<: [*a, 7], sub: auth0|f }
          - { <<: { <<: *a, picture: p }, sub: auth0|g }
        """,
        "users:\n  - &a { sub: a }\n  - { <<: *a, nickname: n, bad: 1 }",
        "users:\n  - { sub: a, sub: b }",
        "users:\n  - { sub: a, connected_accounts: [ { connection: g, scopes: [a, b] }, { scopes: [c] } ] }",
        "users:\n  - { sub: a, connected_accounts: { g: { scopes: [a] }, h: { expires_in: 60, revoked: yes } } }",
        "users:\n  - { sub: a, connected_accounts: g }",
        "users:\n  - { sub: a, connected_accounts: ~ }",
        "users:\n  - { sub: a, connected_accounts: { g: { scope: [a] } } }",
        "users:\n  - { sub: a, connected_accounts: { g: [a] } }",
        "users:\n  - { sub: a }\n  - { sub: b, connected_accounts: [ { connection: g, scopes: [a, [b]] } ] }",
        "users:\n  - { sub: a, roles: admin }",
        "users:\n  - { sub: a, email_verified: maybe }",
        "users:\n  - { email: a@x.com }",
        "users:\n  - ~",
        "refresh_tokens: [ { token: t, client: c, user: u, extra: 1 } ]",
        "ciba: { rules: [ { match: { user: a }, decide: maybe } ] }",
        "ciba: { rules: [ { match: { user: a }, decide: { approve_after: { polls: 2 } } } ] }",
        "ciba: { rules: [ { match: {}, decide: { approve_after: { polls: 2, seconds: 3 } } } ] }",
        "ciba: { rules: [ { match: {}, decide: { approve_with: { scope: a, acr: b } } } ] }",
        "ciba: { rules: [ { match: {}, decide: { approve_after: {}, deny_after: {} } } ] }",
        "ciba: { rules: [ { match: {}, sequence: [approve, { deny_after: { seconds: 1 } }] } ] }",
        "ciba: { interval: 1.5 }",
        "faults: [ { match: { endpoint: token }, effect: { status: 503 } } ]",
        "faults: [ { match: { endpoint: 5 } } ]",
        "faults: [ { match: { endpoint: nowhere } } ]",
        "faults: [ { match: {}, effect: { latency: 0.25, headers: { a: b } }, probability: 0.5 } ]",
        "fixtures: { auth0|a: { gmail: { messages: [ { subject: s, date: -1d, labels: [x] } ] } } }",
        "fixtures: { auth0|a: some/dir }",
        "fixtures: { auth0|a: [1] }",
        "fixtures: { 123: { time_zone: UTC } }",
        "upstream_apis: { x: { routes: [ { path: /a, response: { ok: true } } ] } }",
        "fga: { stores: [ { name: s, tuples: [ { user: a, relation: b } ] } ] }",
        "connections: [ { name: google-oauth2, strategy: 5 } ]",
        "protected_apis: [ { path: 1 } ]",
        "roles: [ { name: r, permissions: [ { api: a, scopes: x } ] } ]",
        "token_exchange_profiles: [ { subject_token_type: t, on_behalf_of: { audience: a }, deny: { message: m } } ]",
        "providers: { slack: { team: 5 } }",
        "login: { auto_login: [a] }",
        "connect: { decide: { a: b } }",
        "users: [ *nope ]",
        "tenant: { name: a }\n---\nusers: []",
        "clients: [\n",
        "tenant:\n\tname: tab",
        "users:\n  - &a { sub: a }\n  - &a { sub: b, email: b@x.com }\n  - { <<: *a, name: latest }",
        "users:\n  - &a { sub: a, name: *a }",
        "users:\n  - { sub: a, app_metadata: { \"k\": 1, k: 2 } }",
        "users:\n  - { sub: a, app_metadata: { !!str k: 1, k: 2 } }",
        "users:\n  - &a { sub: a }\n  - { \"<<\": 1, <<: *a, sub: b }",
        "users:\n  - { sub: a, app_metadata: { "
            + (1...20).map { "k\($0): \($0)" }.joined(separator: ", ") + ", k7: again } }",
        "users:\n  - { sub: a, app_metadata: { "
            + (1...20).map { "k\($0): \($0)" }.joined(separator: ", ") + " } }",
        "users:\n  - { sub: a, app_metadata: { ? [a, b] : c } }",
        "users:\n  - { sub: \"a\\0b\", name: 'it''s', nickname: \"\\u00e9t\\u00e9\" }",
        "users:\n  - sub: a\n    name: |\n      two\n      lines\n    nickname: >\n      folded\n      text\n",
        "users:\n  - { sub: !!str 5, email_verified: !!bool true, guardian_enrolled: 'yes' }",
        "tenant: { journal_size: !!int 5, access_token_lifetime: !!str 5 }",
        "%YAML 1.1\n---\ntenant: { name: directive }",
        "# only a comment\n",
    ]

    @Test("every text decodes to the same scenario, or the same problem, as with Yams' decoder")
    func sameAsYams() throws {
        var texts = Self.texts
        let files =
            try Self.files(in: "scenarios") + Self.files(in: "interop/scenarios")
            + Self.files(in: "interop/scenarios/broken")
        #expect(files.count >= 80)
        texts += try files.map { try String(contentsOf: $0, encoding: .utf8) }
        var failures = 0
        for text in texts {
            let reference = DecodingOutcome { try ReferenceYAMLDecoding.decode(Scenario.self, from: text) }
            let decoded = DecodingOutcome { try YAMLDocument.decode(Scenario.self, from: text) }
            #expect(decoded == reference, "\(text.prefix(200))")
            if case .failure = decoded { failures += 1 }
        }
        #expect(failures >= 40 && texts.count - failures >= 20, "the texts try both sides: \(failures) failures")
    }

    @Test("fixture files decode as with Yams' decoder")
    func fixturesSameAsYams() throws {
        let files =
            try Self.files(in: "fixtures/alice") + Self.files(in: "Sources/FakeAuth0/Resources/fixtures/alice")
        #expect(files.count >= 6)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let reference = DecodingOutcome { try ReferenceYAMLDecoding.decode(UserFixtures.self, from: text) }
            let decoded = DecodingOutcome { try YAMLDocument.decode(UserFixtures.self, from: text) }
            #expect(decoded == reference, "\(file.lastPathComponent)")
            #expect(decoded != .value(nil))
        }
    }

    @Test("keys that differ only in their implicit type are duplicates, as they are to the scenario types")
    func implicitlyTypedDuplicateKeys() {
        do {
            _ = try ScenarioLoader.load(yaml: "users:\n  - { sub: a, 1: one, \"1\": two }", file: "f.yaml")
            Issue.record("accepted")
        } catch {
            #expect(error.description.hasPrefix("f.yaml:(root): not valid YAML"), "\(error)")
            #expect(error.description.contains("duplicate"), "\(error)")
        }
    }
}
