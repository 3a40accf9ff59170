import FakeAuth0
import FakeAuth0Server
import FakeAuth0Testing
import Foundation
import Testing

/// The `kid`s of the JWKS a client fetches, in order.
func jwksKIDs(_ fake: FakeTenant) async throws -> [String] {
    let jwks = try await HTTP.get(fake.url("/.well-known/jwks.json"))
    guard case .array(let keys)? = jwks.json["keys"] else { return [] }
    return keys.compactMap { $0["kid"]?.stringValue }
}

/// `POST /__admin/keys/rotate` with `body`.
func rotateKeys(_ fake: FakeTenant, _ body: [String: JSONValue]) async throws -> HTTPResult {
    try await HTTP.postJSON(fake.url("/__admin/keys/rotate"), body)
}

/// The status `/userinfo` answers for `token`.
func userInfoStatus(_ fake: FakeTenant, _ token: String) async throws -> HTTPResult {
    try await HTTP.get(fake.url("/userinfo"), headers: bearer(token))
}

@Suite("signing key rotation over HTTP")
struct KeyRotationTests {
    @Test("a rotation puts a new kid first in the JWKS; the old one verifies for the grace period, then is dropped")
    func rotateWithGrace() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let old = fake.tenant.keys.activeKeyID
            let before = try await UserInfoTests.userToken(fake)
            #expect(jwtParts(before).header["kid"] == .string(old))
            #expect(try await jwksKIDs(fake) == [old])

            fake.clock.freeze()
            let rotated = try await rotateKeys(fake, ["grace_seconds": 60])
            #expect(rotated.status == 200)
            let new = try #require(rotated.json["kid"]?.stringValue)
            #expect(new != old && rotated.json["previous_kid"] == .string(old))
            #expect(rotated.json["previous_drops_at"] == .int(fake.clock.nowSeconds() + 60))
            #expect(try await jwksKIDs(fake) == [new, old])
            let listed = try await HTTP.get(fake.url("/__admin/keys"))
            #expect(listed.value["keys"][0]["kid"] == .string(new) && listed.value["keys"][0]["active"] == true)
            #expect(listed.value["keys"][1]["kid"] == .string(old) && listed.value["keys"][1]["active"] == false)
            #expect(listed.value["keys"][1]["drops_at"] == .int(fake.clock.nowSeconds() + 60))
            #expect(listed.value["keys"][2] == nil)

            let after = try await UserInfoTests.userToken(fake)
            #expect(jwtParts(after).header["kid"] == .string(new))
            #expect(try await userInfoStatus(fake, before).status == 200, "the old key verifies during the grace")
            #expect(try await userInfoStatus(fake, after).status == 200)

            fake.clock.advance(by: 59)
            #expect(try await jwksKIDs(fake) == [new, old])
            fake.clock.advance(by: 1)
            #expect(try await jwksKIDs(fake) == [new])
            let refused = try await userInfoStatus(fake, before)
            #expect(refused.status == 401 && refused.error == "invalid_token")
            #expect(refused.header("WWW-Authenticate")?.contains("invalid_token") == true)
            #expect(try await userInfoStatus(fake, after).status == 200)
            let listedAfter = try await HTTP.get(fake.url("/__admin/keys"))
            #expect(listedAfter.json["keys"] == .array([["kid": .string(new), "active": true, "drops_at": .null]]))

            let entry = try #require(fake.tenant.journal.entries(JournalQuery(event: "keys.rotated")).last)
            #expect(entry.details["kid"] == .string(new) && entry.details["previous_kid"] == .string(old))
            #expect(entry.details["grace_seconds"] == 60)
        }
    }

    @Test("grace_seconds 0 drops the old key at once; without a body the grace is 600 seconds")
    func rotateWithoutGrace() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await UserInfoTests.userToken(fake)
            let rotated = try await rotateKeys(fake, ["grace_seconds": 0])
            let new = try #require(rotated.json["kid"]?.stringValue)
            #expect(try await jwksKIDs(fake) == [new])
            #expect(try await userInfoStatus(fake, token).status == 401)

            fake.clock.freeze()
            let defaulted = try await HTTP.send("POST", fake.url("/__admin/keys/rotate"))
            #expect(defaulted.status == 200)
            #expect(defaulted.json["previous_drops_at"] == .int(fake.clock.nowSeconds() + 600))
            #expect(try await jwksKIDs(fake).count == 2)
        }
    }

    @Test("bad grace_seconds, unknown fields and too many keys are 400 invalid_request; nothing changes")
    func badInput() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let kids = try await jwksKIDs(fake)
            let bad: [[String: JSONValue]] = [
                ["grace_seconds": -1], ["grace_seconds": 315_360_001], ["grace_seconds": .double(1.5)],
                ["grace_seconds": "60"], ["grace_seconds": .null], ["grace": 60],
            ]
            for body in bad {
                let response = try await rotateKeys(fake, body)
                #expect(response.status == 400 && response.error == "invalid_request", "\(body)")
                #expect(response.json["error_description"]?.stringValue?.isEmpty == false)
            }
            let notJSON = try await HTTP.send("POST", fake.url("/__admin/keys/rotate"), body: Data("[1]".utf8))
            #expect(notJSON.status == 400 && notJSON.error == "invalid_request")
            #expect(try await jwksKIDs(fake) == kids)

            for _ in 1..<SigningKeyRing.maxKeys {
                #expect(try await rotateKeys(fake, ["grace_seconds": 3600]).status == 200)
            }
            let full = try await jwksKIDs(fake)
            #expect(full.count == SigningKeyRing.maxKeys)
            let refused = try await rotateKeys(fake, ["grace_seconds": 3600])
            #expect(refused.status == 400 && refused.error == "invalid_request")
            #expect(try await jwksKIDs(fake) == full, "a refused rotation changes nothing")
            #expect(try await rotateKeys(fake, ["grace_seconds": 0]).status == 200)
            #expect(try await jwksKIDs(fake).count == SigningKeyRing.maxKeys)
        }
    }

    @Test("a rotated ring outlives a restart: the new key signs, the old one is published until its drop time")
    func rotationPersists() async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "fake-auth0-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let scenario = try TestScenario.make(pinnedKey: false) { $0.tenant.domain = "rotation.example.test" }
        let (old, new, token) = try await withFakeTenant(
            scenario: scenario, store: StateStore.onDisk(directory: directory)
        ) { fake in
            let old = fake.tenant.keys.activeKeyID
            let token = try await UserInfoTests.userToken(fake)
            let rotation = try await fake.tenant.rotateSigningKey(graceSeconds: 3600)
            return (old, rotation.kid, token)
        }
        try await withFakeTenant(scenario: scenario, store: StateStore.onDisk(directory: directory)) {
            (fake: FakeTenant) async throws in
            #expect(fake.tenant.keys.activeKeyID == new)
            #expect(try await jwksKIDs(fake) == [new, old])
            #expect(try await userInfoStatus(fake, token).status == 200)
            fake.clock.advance(by: 3600)
            #expect(try await jwksKIDs(fake) == [new])
        }
        try await withFakeTenant(scenario: scenario, store: StateStore.onDisk(directory: directory)) {
            (fake: FakeTenant) async throws in
            #expect(try await jwksKIDs(fake) == [new], "a dropped key is forgotten by the store")
            #expect(try await userInfoStatus(fake, token).status == 401)
        }
    }

    @Test("tenants of one process share keys at creation but rotate alone")
    func tenantsRotateAlone() async throws {
        try await withFakeTenant(scenario: TestScenario.make(pinnedKey: false)) { fake in
            let other = try await fake.tenants.create(scenario: TestScenario.make(pinnedKey: false))
            let otherJWKS = URL(string: other.httpURL + "/.well-known/jwks.json")!
            let shared = try await HTTP.get(otherJWKS).json["keys"]
            #expect(shared == (try await HTTP.get(fake.url("/.well-known/jwks.json")).json["keys"]))
            try await fake.tenant.rotateSigningKey(graceSeconds: 0)
            #expect(try await HTTP.get(otherJWKS).json["keys"] == shared)
        }
    }
}
