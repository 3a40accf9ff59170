import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

@Suite("Journal of a tenant made on demand")
struct JournalOnDemandTests {
    @Test("events recorded outside a request's scope are kept by the tenant's own journal, not the creator's request")
    func onDemandTenantKeepsItsControlEvents() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let created = try await HTTP.send("POST", fake.url("/__admin/tenants"))
            #expect(created.status == 201, "\(created.text)")
            let base = try #require(created.json["http_url"]?.stringValue.flatMap(URL.init(string:)))
            #expect(try await HTTP.send("POST", base.appending(path: "/__admin/clock/freeze")).status == 200)
            #expect(try await HTTP.send("DELETE", base.appending(path: "/__admin/journal")).status == 204)
            let journal = try await HTTP.get(base.appending(path: "/__admin/journal"))
            guard case .array(let entries)? = journal.json["entries"] else {
                Issue.record("no entries: \(journal.text)")
                return
            }
            #expect(entries.map { $0["event"] } == [.string("admin.journal.cleared")])
            #expect(journal.json["last_seq"] == .int(2))
            #expect(!fake.tenant.journal.entries().contains { $0.event == "admin.journal.cleared" })
        }
    }
}
