import Foundation
import Testing
import Yams

@testable import FakeAuth0

@Suite("scenario types read straight from the YAML tree")
struct ScenarioReaderTests {
    /// Texts for the readers' own paths, besides the decoder's samples.
    static let texts: [String] = [
        "clients: [ { id: a, type: web } ]",
        "clients: [ { id: a, type: spa, is_first_party: no, grants: ~, logout_urls: [x, 1] } ]",
        "clients: [ { id: a, type: spa, grants: [ciba, [x]] } ]",
        "clients: [ { id: a, type: [spa] } ]",
        "clients: [ { id: a, type: ~ } ]",
        "clients: [ { id: a, name: ~, secret: '', callbacks: ~, refresh_token_rotation: on } ]",
        "clients: [ { id: a, type: m2m, async_approval_notification_channels: email } ]",
        "apis: [ { audience: a, token_dialect: rfc9068_profile, rbac: yes, token_lifetime: ~ } ]",
        "apis: [ { audience: a, token_dialect: jwt } ]",
        "apis: [ { audience: a, token_lifetime: soon, third_party_clients: 1 } ]",
        "apis: [ { name: a } ]",
        "refresh_tokens: [ { token: t, client: c, user: u, scope: ~, audience: [a] } ]",
        "refresh_tokens: [ { token: t, client: c } ]",
        "connections: [ { name: n, display_name: [x] } ]",
        "connections: [ { name: n, scopes: ~, strategy: ~ } ]",
        "users: [ { sub: a, updated_at: 5, roles: [a, 1] } ]",
        "users: [ { sub: a, roles: [a, { b: c }] } ]",
        "users: [ { sub: a, guardian_enrolled: 0 } ]",
        "users: [ { sub: a, app_metadata: ~, user_metadata: { 5: x, '6': [y, { z: .inf }] } } ]",
        "users: [ { sub: a, connected_accounts: { 7: { scopes: a } } } ]",
        "users: [ { sub: a, connected_accounts: { g: ~ } } ]",
        "users: [ { sub: a, connected_accounts: [ { connection: g, expires_in: x } ] } ]",
        "users: [ { sub: a, connected_accounts: [ ~ ] } ]",
        "users: [ { sub: a, connected_accounts: { b: { refresh_token: no }, a: { login_hint: h, user_id: 5 } } } ]",
        "users: [ { sub: ~ } ]",
        "users: [ { sub: [a] } ]",
        "users: { sub: a }",
        "fixtures: { 123: [1] }",
        "fixtures: { auth0|a: ~ }",
        "fixtures: { auth0|a: { time_zone: Europe/Paris, gmail: 5 } }",
        "fixtures: { auth0|a: { nope: 1 } }",
        "fixtures: [a]",
        "ciba: { rules: [ { match: { authorization_details: { type: x, n: [1] } } } ] }",
        "ciba: { rules: [ { match: { authorization_details: [x] } } ] }",
        "ciba: { rules: [ { match: ~, decide: ~, sequence: ~ } ] }",
        "ciba: { rules: [ { sequence: [~] } ] }",
        "ciba: { rules: [ { decide: { approve_with: [a] } } ] }",
        "ciba: { rules: [ { decide: { approve_with: { scope: [a] } } } ] }",
        "ciba: { rules: [ { decide: { approve_with: { other: a } } } ] }",
        "ciba: { rules: [ { decide: { approve_after: ~ } } ] }",
        "ciba: { rules: [ { decide: { approve_after: { polls: -1 } } } ] }",
        "ciba: { rules: [ { decide: { deny_after: { seconds: 99999999 } } } ] }",
        "ciba: { rules: [ { decide: { deny_after: { seconds: 5, other: 1 } } } ] }",
        "ciba: { rules: [ { decide: { wait: 1 } } ] }",
        "ciba: { rules: [ { decide: {} } ] }",
        "ciba: { rules: { a: b } }",
        "ciba: { default: ~, interval: ~, expires_in: 60, max_expires_in: x }",
        "ciba: { default: [approve] }",
        "ciba: { default: deny, strict_binding_message: yes, expired_error: access_denied }",
        "protected_apis: [ { path: /a, audience: x, scope: [a, b] } ]",
        "protected_apis: [ { path: /a, audience: x, scope: 'a  b', method: post, status: 201 } ]",
        "protected_apis: [ { path: /a, audience: x, scope: [1, [2]] } ]",
        "protected_apis: [ { path: /a, audience: x, status: x } ]",
        "protected_apis: [ { path: /a, audience: x, response: [1, { a: b }, ~, 'yes', 1.5e3, 0x1F] } ]",
        "protected_apis: [ { path: /a, audience: x, response: ~ } ]",
        "protected_apis: [ { path: /a } ]",
        "tenant: { resource_parameter_profile: compatibility, journal_size: ~ }",
        "tenant: ~",
        "tenant: { domain: [a] }",
        "tenant: { journal_size: 0, access_token_lifetime: 007, id_token_lifetime: +5, refresh_token_lifetime: -0 }",
        "tenant: { journal_size: 08 }",
        "tenant: { journal_size: '5' }",
        "tenant: { journal_size: 5.0 }",
        "tenant: { dynamic_client_registration: True }",
        "tenant: { dynamic_client_registration: !!bool 'true' }",
        "tenant: { dynamic_client_registration: \"false\" }",
        "users: [ { sub: a, app_metadata: { a: 0, b: 010, c: true, d: 'false', e: 1e3, f: .inf, g: 0x1F, h: 1_000 } } ]",
        "users: [ { sub: a, app_metadata: { a: -7, b: '7', c: !!str 7, d: FALSE, e: \"true\" } } ]",
        "connect: { decide: allow }",
        "login: ~",
        "~",
        "[]",
        "5",
    ]

    static func read(_ text: String) -> DecodingOutcome<Scenario> {
        DecodingOutcome<Scenario>(errorContext: true) {
            try YAMLDocument.value(of: text).map { try Scenario(yaml: YAMLReader($0)) }
        }
    }

    static func decoded(_ text: String) -> DecodingOutcome<Scenario> {
        DecodingOutcome<Scenario>(errorContext: true) { try YAMLDocument.decode(Scenario.self, from: text) }
    }

    @Test("every text reads to the same scenario, or the same error, as the types' Decodable conformances give")
    func sameAsCodable() throws {
        let files =
            try YAMLNodeDecoderTests.files(in: "scenarios") + YAMLNodeDecoderTests.files(in: "interop/scenarios")
            + YAMLNodeDecoderTests.files(in: "interop/scenarios/broken")
        let texts =
            try YAMLNodeDecoderTests.texts + Self.texts + files.map { try String(contentsOf: $0, encoding: .utf8) }
        var failures = 0
        for text in texts {
            let read = Self.read(text)
            #expect(read == Self.decoded(text), "\(text.prefix(200))")
            if case .failure = read { failures += 1 }
        }
        #expect(failures >= 60 && texts.count - failures >= 40, "the texts try both sides: \(failures) failures")
    }

    @Test("the built-in scenario with any one value replaced, or a key added, reads as the conformances decode it")
    func mutationsSameAsCodable() throws {
        guard let root = try Yams.compose(yaml: DefaultScenario.yaml) else {
            Issue.record("no built-in scenario")
            return
        }
        let replacements: [Node] = ["x", "~", "-1", "yes", ["x"], ["x": "y"]]
        var count = 0
        var failures = 0
        for variant in Self.variants(of: root, replacements: replacements) {
            let text = try Yams.serialize(node: variant)
            let read = Self.read(text)
            #expect(read == Self.decoded(text), "\(text.prefix(300))")
            count += 1
            if case .failure = read { failures += 1 }
        }
        #expect(count > 500 && failures > 300 && count - failures > 100, "\(count) variants, \(failures) refused")
    }

    /// Each type read both ways from a valid mapping with each of its keys set to each of `values`: a key
    /// its `init(yaml:)` forgot (or reads otherwise) gives another value or problem.
    @Test("every key of every type with an init(yaml:) is read as its Decodable conformance reads it")
    func everyKeySameAsCodable() throws {
        let values: [Node] = ["x", "~", "0", "-1", "yes", "approve", ["x"], [["x"]], ["x": "y"], ["polls": "1"]]
        var count = 0
        func check<T: Decodable & Equatable>(
            _ type: T.Type, _ base: Node, _ keys: [String], _ read: (YAMLReader) throws -> T
        ) throws {
            guard case .mapping(let mapping) = base else { return }
            for key in keys {
                for value in values {
                    var pairs: [(Node, Node)] = mapping.map { ($0.key, $0.value) }.filter { $0.0 != Node(key) }
                    pairs.append((Node(key), value))
                    let text = try Yams.serialize(node: .mapping(.init(pairs)))
                    let tree = try #require(try YAMLDocument.value(of: text))
                    let readOutcome = Self.outcome { try read(YAMLReader(tree)) }
                    let decodedOutcome = Self.outcome { try YAMLNodeDecoder(node: tree).decode(T.self) }
                    #expect(readOutcome == decodedOutcome, "\(T.self): \(text)")
                    count += 1
                }
            }
        }
        try check(Scenario.self, [:], Scenario.yamlKeys, Scenario.init(yaml:))
        try check(TenantSettings.self, [:], TenantSettings.yamlKeys, TenantSettings.init(yaml:))
        try check(ClientConfig.self, ["id": "c", "type": "m2m"], ClientConfig.yamlKeys, ClientConfig.init(yaml:))
        try check(APIConfig.self, ["audience": "a"], APIConfig.yamlKeys, APIConfig.init(yaml:))
        try check(UserConfig.self, ["sub": "u"], UserConfig.yamlKeys, UserConfig.init(yaml:))
        try check(
            ConnectedAccountConfig.self, [:], ConnectedAccountConfig.yamlKeys, ConnectedAccountConfig.init(yaml:))
        try check(ConnectionConfig.self, ["name": "n"], ConnectionConfig.yamlKeys, ConnectionConfig.init(yaml:))
        try check(
            RefreshTokenSeed.self, ["token": "t", "client": "c", "user": "u"], RefreshTokenSeed.yamlKeys,
            RefreshTokenSeed.init(yaml:))
        try check(
            ProtectedAPIConfig.self, ["path": "/p", "audience": "a"], ProtectedAPIConfig.yamlKeys,
            ProtectedAPIConfig.init(yaml:))
        try check(CIBASettings.self, [:], CIBASettings.yamlKeys, CIBASettings.init(yaml:))
        try check(CIBARule.self, [:], CIBARule.yamlKeys, CIBARule.init(yaml:))
        try check(CIBAMatch.self, [:], CIBAMatch.yamlKeys, CIBAMatch.init(yaml:))
        try check(CIBADecision.self, [:], CIBADecision.yamlKeys, CIBADecision.init(yaml:))
        try check(CIBADelay.self, ["polls": "1"], CIBADelay.yamlKeys, CIBADelay.init(yaml:))
        #expect(count > 1000)
    }

    /// The value read, or the problem and the error's own description (as `DecodingOutcome` gives them with `errorContext`).
    static func outcome<T>(_ body: () throws -> T) -> String {
        var value: T?
        let read = DecodingOutcome<Scenario>(errorContext: true) {
            value = try body()
            return nil
        }
        return value.map { "value \($0)" } ?? read.description
    }

    /// `node` with one value replaced by each of `replacements`, or one mapping given an unknown key.
    static func variants(of node: Node, replacements: [Node]) -> [Node] {
        var result: [Node] = []
        switch node {
        case .scalar, .alias:
            break
        case .sequence(let sequence):
            let items = Array(sequence)
            for index in items.indices {
                for variant in replacements + variants(of: items[index], replacements: replacements) {
                    var changed = items
                    changed[index] = variant
                    result.append(.sequence(.init(changed)))
                }
            }
        case .mapping(let mapping):
            let pairs: [(Node, Node)] = mapping.map { ($0.key, $0.value) }
            result.append(.mapping(.init(pairs + [("unknown_key", "1")])))
            for index in pairs.indices {
                for variant in replacements + variants(of: pairs[index].1, replacements: replacements) {
                    var changed = pairs
                    changed[index].1 = variant
                    result.append(.mapping(.init(changed)))
                }
            }
        }
        return result
    }
}
