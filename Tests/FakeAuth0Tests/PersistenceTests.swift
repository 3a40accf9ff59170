import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

@Suite("state survives a restart")
struct PersistenceTests {
    @Test("the signing key and refresh tokens outlive the process; old tokens still verify")
    func restartKeepsKeysAndRefreshTokens() async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "fake-auth0-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // No pinned key: the tenant must create one and keep it in the state directory.
        let scenario = try TestScenario.make(pinnedKey: false) { $0.tenant.domain = "restart.example.test" }

        let (kid, accessToken, rotated) = try await withFakeTenant(
            scenario: scenario, store: StateStore.onDisk(directory: directory)
        ) { fake in
            let response = try await HTTP.postForm(
                fake.url("/oauth/token"),
                [
                    "grant_type": "refresh_token", "refresh_token": "rotating-rt", "client_id": "rotating-web",
                    "client_secret": "rotating-secret",
                ])
            #expect(response.status == 200)
            return (
                fake.tenant.keys.activeKeyID, try #require(response.json["access_token"]?.stringValue),
                try #require(response.json["refresh_token"]?.stringValue)
            )
        }
        #expect(FileManager.default.fileExists(atPath: directory + "/state.sqlite"))

        try await withFakeTenant(scenario: scenario, store: StateStore.onDisk(directory: directory)) { fake in
            #expect(fake.tenant.keys.activeKeyID == kid)
            let info = try await HTTP.get(fake.url("/userinfo"), headers: ["Authorization": "Bearer \(accessToken)"])
            #expect(info.status == 200 && info.json["sub"] == "auth0|alice")
            let again = try await HTTP.postForm(
                fake.url("/oauth/token"),
                [
                    "grant_type": "refresh_token", "refresh_token": rotated, "client_id": "rotating-web",
                    "client_secret": "rotating-secret",
                ])
            #expect(again.status == 200, "the rotated refresh token was stored before the restart")
            let reuse = try await HTTP.postForm(
                fake.url("/oauth/token"),
                [
                    "grant_type": "refresh_token", "refresh_token": "rotating-rt", "client_id": "rotating-web",
                    "client_secret": "rotating-secret",
                ])
            #expect(reuse.error == "invalid_grant", "the used seed stays used across the restart")
        }
    }
}

@Suite("CIBA state survives a restart")
struct CIBAPersistenceTests {
    @Test("a pending request started before a restart can be approved and redeemed after it")
    func pendingRequestSurvives() async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "fake-auth0-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let scenario = try cibaScenario().with { $0.tenant.domain = "ciba.example.test" }
        let id = try await withFakeTenant(scenario: scenario, store: StateStore.onDisk(directory: directory)) { fake in
            try await CIBAClient(fake: fake).started()
        }
        try await withFakeTenant(scenario: scenario, store: StateStore.onDisk(directory: directory)) { fake in
            try fake.tenant.ciba.approve(id)
            #expect(try await CIBAClient(fake: fake).poll(id).status == 200)
        }
    }
}
