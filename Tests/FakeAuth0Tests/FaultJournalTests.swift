import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("fault.injected journal entries")
struct FaultJournalTests {
    @Test("every injection is a fault.injected entry with the request's method, path, status and the effect")
    func injectedFaultsAreJournaled() async throws {
        try await withFakeTenant { fake in
            _ = try await addFault(
                fake,
                ["id": "rl", "match": ["endpoint": "token"], "effect": ["status": 429, "retry_after": 3], "times": 1])
            #expect(try await HTTP.postForm(fake.url("/oauth/token"), m2mForm).status == 429)
            #expect(try await HTTP.postForm(fake.url("/oauth/token"), m2mForm).status == 200)
            let entries = fake.tenant.journal.entries(JournalQuery(event: "fault.injected"))
            #expect(entries.count == 1)
            let entry = try #require(entries.first)
            #expect(entry.method == "POST" && entry.path == "/oauth/token" && entry.status == 429)
            #expect(entry.details["fault"] == "rl" && entry.details["injected"] == 1)
            #expect(entry.details["effect"] == ["status": 429, "retry_after": 3])
            #expect(entry.details["endpoints"] == ["token"])
            #expect(entry.details["grant_type"] == "client_credentials")

            // A fault matching on the client records it; a latency-only fault lets the real answer through.
            _ = try await addFault(
                fake, ["id": "slow", "match": ["client": "demo-m2m"], "effect": ["latency": 1], "times": 1])
            #expect(try await HTTP.postForm(fake.url("/oauth/token"), m2mForm).status == 200)
            let slow = try #require(fake.tenant.journal.entries(JournalQuery(event: "fault.injected")).last)
            #expect(slow.details["fault"] == "slow" && slow.client == "demo-m2m" && slow.status == 200)
            let issued = fake.tenant.journal.entries(JournalQuery(event: "token.issued", since: slow.sequence))
            #expect(issued.count == 1, "the real answer's token.issued follows the fault's entry")
        }
    }

    @Test("a dropped connection is journaled with status 0")
    func droppedConnection() async throws {
        try await withFakeTenant { fake in
            _ = try await addFault(fake, ["id": "gone", "match": ["endpoint": "userinfo"], "effect": ["drop": true]])
            await #expect(throws: (any Error).self) { try await HTTP.get(fake.url("/userinfo")) }
            let entry = try #require(fake.tenant.journal.entries(JournalQuery(event: "fault.injected")).first)
            #expect(entry.details["fault"] == "gone" && entry.details["effect"] == ["drop": true])
            #expect(entry.path == "/userinfo" && entry.status == 0)
        }
    }
}
