import FakeAuth0
import FakeAuth0Testing
import FakeProviders
import Foundation
import Testing

@Suite("stub Salesforce REST API")
struct SalesforceStubTests {
    func query(_ fake: FakeTenant, _ soql: String, token: String, all: Bool = false, batch: Int? = nil) async throws
        -> HTTPResult
    {
        var headers = bearer(token)
        if let batch { headers["Sforce-Query-Options"] = "batchSize=\(batch)" }
        return try await HTTP.get(
            fake.url("/services/data/v59.0/\(all ? "queryAll" : "query")/", query: [("q", soql)]), headers: headers)
    }

    @Test("a SOQL query over the fixtures, paged with nextRecordsUrl")
    func queriesAndPages() async throws {
        try await withFakeTenant(scenario: UpstreamScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).token("sfdc")
            let open = try await query(
                fake,
                "SELECT Name, Amount, Account.Name FROM Opportunity WHERE IsClosed = false AND CloseDate = NEXT_N_DAYS:31 ORDER BY Amount DESC",
                token: token)
            #expect(open.status == 200)
            #expect(
                open.value["records"].list.compactMap { $0["Name"]?.stringValue } == [
                    "Globex - Grid upgrade", "Acme Corp - Annual renewal",
                ])
            #expect(open.value["records"][0]["Account"]["Name"] == "Globex")
            #expect(open.value["done"] == true && open.value["totalSize"] == 2)

            let first = try await query(fake, "SELECT Id FROM Opportunity ORDER BY Name", token: token, batch: 4)
            #expect(
                first.value["records"].list.count == 4 && first.value["done"] == false && first.value["totalSize"] == 6)
            let next = try #require(first.value["nextRecordsUrl"]?.stringValue)
            #expect(next.hasPrefix("/services/data/v59.0/query/01g"))
            let second = try await HTTP.get(fake.url(next), headers: bearer(token))
            #expect(second.value["records"].list.count == 2 && second.value["done"] == true)
            #expect(second.value["nextRecordsUrl"] == nil)

            // The same API by the Salesforce host name and by the /salesforce prefix.
            var byHost = bearer(token)
            byHost["Host"] = "fake-org.my.salesforce.com"
            let viaHost = try await HTTP.get(fake.url("/services/data/v59.0/sobjects/"), headers: byHost)
            #expect(viaHost.value["sobjects"].list.contains { $0["name"] == "Opportunity" })
            let versions = try await HTTP.get(fake.url("/salesforce/services/data/"))
            #expect(versions.value.list.contains { $0["version"] == "59.0" })
        }
    }

    @Test("create, get, update and delete records; writes show in the control API")
    func writes() async throws {
        try await withFakeTenant(scenario: UpstreamScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).token("sfdc")
            var headers = bearer(token)
            headers["Content-Type"] = "application/json"
            let body: JSONValue = [
                "Name": "New deal", "StageName": "Prospecting", "CloseDate": "2027-01-31", "Amount": 900,
            ]
            let created = try await HTTP.send(
                "POST", fake.url("/services/data/v59.0/sobjects/Opportunity/"), body: Data(body.description.utf8),
                headers: headers)
            #expect(created.status == 201 && created.value["success"] == true)
            let id = try #require(created.value["id"]?.stringValue)
            let patch: JSONValue = ["StageName": "Closed Won"]
            let updated = try await HTTP.send(
                "PATCH", fake.url("/services/data/v59.0/sobjects/Opportunity/\(id)"),
                body: Data(patch.description.utf8),
                headers: headers)
            #expect(updated.status == 204)
            let record = try await HTTP.get(
                fake.url("/services/data/v59.0/sobjects/Opportunity/\(id)"), headers: headers)
            #expect(
                record.value["StageName"] == "Closed Won" && record.value["IsWon"] == true
                    && record.value["Amount"] == 900)
            let deleted = try await HTTP.send(
                "DELETE", fake.url("/services/data/v59.0/sobjects/Opportunity/\(id)"), headers: headers)
            #expect(deleted.status == 204)
            let gone = try await HTTP.get(fake.url("/services/data/v59.0/sobjects/Opportunity/\(id)"), headers: headers)
            #expect(gone.status == 404 && gone.value[0]["errorCode"] == "NOT_FOUND")
            let all = try await query(
                fake, "SELECT Id, IsDeleted FROM Opportunity WHERE Id = '\(id)'", token: token, all: true)
            #expect(all.value["records"][0]["IsDeleted"] == true)
            let missing = try await HTTP.send(
                "POST", fake.url("/services/data/v59.0/sobjects/Opportunity/"), body: Data(#"{"Name":"x"}"#.utf8),
                headers: headers)
            #expect(missing.status == 400 && missing.value[0]["errorCode"] == "REQUIRED_FIELD_MISSING")
            let admin = try await HTTP.get(fake.url("/__admin/providers/salesforce/records"))
            #expect(admin.value["records"].list.count == 1 && admin.value["records"][0]["record"]["IsDeleted"] == true)
        }
    }

    @Test("errors in Salesforce's shape: bad session, malformed query, unknown field, wrong provider")
    func errors() async throws {
        try await withFakeTenant(scenario: UpstreamScenario.make()) { fake in
            let tokens = ProviderTokens(fake: fake)
            let token = try await tokens.token("sfdc")
            let malformed = try await query(fake, "SELECT Id FRM Opportunity", token: token)
            #expect(malformed.status == 400 && malformed.value[0]["errorCode"] == "MALFORMED_QUERY")
            let field = try await query(fake, "SELECT Nope FROM Opportunity", token: token)
            #expect(field.status == 400 && field.value[0]["errorCode"] == "INVALID_FIELD")
            for bad in [nil, "made-up", try await tokens.google] {
                let refused = try await HTTP.get(
                    fake.url("/services/data/v59.0/query/", query: [("q", "SELECT Id FROM Account")]),
                    headers: bad.map(bearer) ?? [:])
                #expect(refused.status == 401)
                #expect(
                    refused.value == [["message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"]])
            }
            let version = try await HTTP.get(fake.url("/services/data/v9.0/sobjects/"), headers: bearer(token))
            #expect(version.status == 404 && version.value[0]["errorCode"] == "NOT_FOUND")
        }
    }

    @Test("the Token Vault answer for Salesforce names the instance")
    func instanceURL() async throws {
        try await withFakeTenant(scenario: UpstreamScenario.make()) { fake in
            let answer = try await VaultClient(fake: fake).exchange(
                subject: "demo-alice-refresh-token", connection: "sfdc")
            #expect(answer.json["instance_url"] == "https://fake-org.my.salesforce.com")
            let google = try await VaultClient(fake: fake).exchange(
                subject: "demo-alice-refresh-token", connection: "google-oauth2")
            #expect(google.json["instance_url"] == nil)
        }
    }
}
