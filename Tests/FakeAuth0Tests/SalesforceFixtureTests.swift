import Foundation
import Testing

@testable import FakeAuth0
@testable import FakeProviders

@Suite("Salesforce fixtures")
struct SalesforceFixtureTests {
    static let start = SalesforceDates.parseDateTime("2026-11-25T12:00:00Z")!

    func org(_ records: [String: [[String: JSONValue]]]) -> SalesforceOrg {
        SalesforceOrg(
            SalesforceFixture(records: records), sub: "auth0|alice", name: "Alice Example", email: "alice@example.com",
            start: Self.start, timeZone: TimeZone(identifier: "UTC")!)
    }

    @Test func resolvesTimesReferencesAndDerivedFields() throws {
        let org = org([
            "Account": [["Name": "Acme", "Industry": "Manufacturing", "Tier__c": "Gold"]],
            "Opportunity": [
                [
                    "Name": "Acme renewal", "Account": "acme", "StageName": "Closed Won", "CloseDate": "+14d",
                    "Amount": 5000,
                    "CreatedDate": "-2d 09:00", "Priority__c": true,
                ]
            ],
            "Contact": [["FirstName": "Ada", "LastName": "Lovelace", "Account": "Acme", "Email": "ada@acme.example"]],
        ])
        #expect(org.problems.isEmpty, "\(org.problems)")
        let account = try #require(org.records["Account"]?.first)
        let opportunity = try #require(org.records["Opportunity"]?.first)
        #expect(opportunity["AccountId"] == account["Id"])
        #expect(opportunity["CloseDate"] == "2026-12-09")
        #expect(opportunity["CreatedDate"] == "2026-11-23T09:00:00.000+0000")
        #expect(opportunity["IsWon"] == true && opportunity["IsClosed"] == true)
        #expect(opportunity["OwnerId"] == org.records["User"]?.first?["Id"])
        #expect(org.records["Contact"]?.first?["Name"] == "Ada Lovelace")
        #expect(org.schemas.first { $0.name == "Account" }?.field("Tier__c")?.type == .string)
        #expect(org.schemas.first { $0.name == "Opportunity" }?.field("Priority__c")?.type == .boolean)
        // The same fixture gives the same ids on every start.
        #expect(self.org(["Account": [["Name": "Acme"]]]).records["Account"]?.first?["Id"] == account["Id"])
    }

    @Test func reportsMistakesByPath() {
        let org = org([
            "Opportunity": [
                [
                    "Name": "x", "StageName": "Prospecting", "CloseDate": "next tuesday", "Amount": "lots",
                    "Account": "Nope",
                    "Bogus": 1,
                ],
                ["Name": "y", "StageName": "Prospecting"],
            ],
            "Widget": [["Name": "w"]],
            "Thing__c": [["Name": "t", "Id": "006000000000001"]],
        ])
        let found = Dictionary(org.problems.map { ($0.path, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(found["records.Opportunity[0].CloseDate"]?.contains("expected a time") == true)
        #expect(found["records.Opportunity[0].Amount"] == "expected a number")
        #expect(found["records.Opportunity[0].Account"] == "no Account named 'Nope' in records.Account")
        #expect(found["records.Opportunity[0].Bogus"]?.hasPrefix("no field 'Bogus' on Opportunity") == true)
        #expect(found["records.Opportunity[1].CloseDate"] == "required")
        #expect(found["records.Widget"]?.hasPrefix("unknown object 'Widget'") == true)
        #expect(found["records.Thing__c[0].Id"]?.hasPrefix("an id is 15 or 18") == true)
    }

    @Test func queriesRunOverTheResolvedOrg() throws {
        let org = org([
            "Account": [["Name": "Acme"]],
            "Opportunity": [
                ["Name": "Soon", "Account": "Acme", "StageName": "Prospecting", "CloseDate": "+3d"],
                ["Name": "Later", "Account": "Acme", "StageName": "Prospecting", "CloseDate": "+200d"],
            ],
        ])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let evaluator = SOQLEvaluator(
            database: SObjectDatabase(schemas: org.schemas, records: org.records), now: Self.start, calendar: calendar,
            apiVersion: "59.0")
        let result = try evaluator.run(
            "SELECT Name, Account.Name, Owner.Name FROM Opportunity WHERE CloseDate = NEXT_N_DAYS:7")
        #expect(result.totalSize == 1)
        #expect(result.records.first?.objectFields["Owner"]?.objectFields["Name"] == "Alice Example")
    }
}
