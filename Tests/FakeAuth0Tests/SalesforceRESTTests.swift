import Foundation
import Testing

@testable import FakeAuth0
@testable import FakeProviders

@Suite("Salesforce REST pieces")
struct SalesforceRESTTests {
    @Test func cursorsPageAndExpire() throws {
        let records: [JSONValue] = (0..<5).map { .object(["n": .int($0)]) }
        let result = SOQLResult(totalSize: 5, records: records)
        let cursors = SOQLCursors()
        let first = cursors.first(result, user: "u", batchSize: 2, apiVersion: "59.0", now: 1000)
        #expect(first.records.count == 2 && first.totalSize == 5)
        let next = try #require(first.nextRecordsURL)
        #expect(next.hasPrefix("/services/data/v59.0/query/01g") && next.hasSuffix("-2"))
        let locator = String(next.split(separator: "/").last!)
        let second = try cursors.next(locator, user: "u", now: 1100)
        #expect(second.records == Array(records[2..<4]))
        let third = try cursors.next(String(second.nextRecordsURL!.split(separator: "/").last!), user: "u", now: 1200)
        #expect(
            third.records == [records[4]] && third.nextRecordsURL == nil
                && third.json.description.contains("\"done\":true"))
        #expect(throws: SalesforceError.self) { try cursors.next(locator, user: "someone else", now: 1200) }
        #expect(throws: SalesforceError.self) { try cursors.next(locator, user: "u", now: 1200 + SOQLCursors.lifetime) }
        for bad in [
            "nope", "01gabc-x", locator.replacingOccurrences(of: "-2", with: "-99999999999999999999999"),
            locator.replacingOccurrences(of: "-2", with: "--1"),
        ] {
            #expect(throws: SalesforceError.self) { try cursors.next(bad, user: "u", now: 1100) }
        }
        let small = cursors.first(
            SOQLResult(totalSize: 1, records: [records[0]]), user: "u", batchSize: 2, apiVersion: "59.0", now: 0)
        #expect(small.nextRecordsURL == nil)
    }

    @Test func batchSizeOption() {
        #expect(SOQLCursors.batchSize(fromOptions: nil) == 2000)
        #expect(SOQLCursors.batchSize(fromOptions: "batchSize=200") == 200)
        #expect(SOQLCursors.batchSize(fromOptions: "foo=1, batchSize = 3") == 3)
        #expect(SOQLCursors.batchSize(fromOptions: "batchSize=0") == 2000)
        #expect(SOQLCursors.batchSize(fromOptions: "batchSize=99999999999999999999") == 2000)
    }

    @Test func idsHaveTheCaseSafeSuffix() {
        #expect(SalesforceIDs.withSuffix("001A0000006Vm9r") == "001A0000006Vm9rIAC")
        let id = SalesforceIDs.derived(prefix: "006", seed: "x")
        #expect(id.count == 18 && id.hasPrefix("006") && id == SalesforceIDs.derived(prefix: "006", seed: "x"))
        #expect(SalesforceIDs.isWellFormed(id) && !SalesforceIDs.isWellFormed("006-bad"))
    }

    @Test func writesAreChecked() throws {
        let check = SObjectWriteCheck(
            schema: SObjectSchema.standard(named: "Opportunity")!, database: SOQLTests.database)
        let fields = try check.fields(
            [
                "Name": "New", "StageName": "Prospecting", "CloseDate": "2026-12-01", "Amount": "12.5",
                "AccountId": "001000000000001AAA", "attributes": ["type": "Opportunity"],
            ], creating: true)
        #expect(
            fields == [
                "Name": "New", "StageName": "Prospecting", "CloseDate": "2026-12-01", "Amount": .double(12.5),
                "AccountId": "001000000000001AAA",
            ])
        func code(_ body: JSONValue, creating: Bool = true) -> String? {
            do {
                _ = try check.fields(body, creating: creating)
                return nil
            } catch { return error.code }
        }
        #expect(code(["Name": "x"]) == "REQUIRED_FIELD_MISSING")
        #expect(code(["Nope": "x"], creating: false) == "INVALID_FIELD")
        #expect(code(["IsWon": true], creating: false) == "INVALID_FIELD_FOR_INSERT_UPDATE")
        #expect(code(["CloseDate": "2026-13-01"], creating: false) == "JSON_PARSER_ERROR")
        #expect(code(["Amount": "lots"], creating: false) == "JSON_PARSER_ERROR")
        #expect(code(["AccountId": "006000000000001AAA"], creating: false) == "MALFORMED_ID")
        #expect(code(["StageName": .null], creating: false) == "REQUIRED_FIELD_MISSING")
        #expect(code("text") == "JSON_PARSER_ERROR")
    }

    @Test func describeListsFields() {
        let describe = SObjectDescribe.object(SObjectSchema.standard(named: "Opportunity")!, apiVersion: "59.0")
        guard case .object(let fields) = describe, case .array(let list)? = fields["fields"] else {
            Issue.record("shape")
            return
        }
        #expect(
            fields["name"] == "Opportunity" && fields["keyPrefix"] == "006" && fields["labelPlural"] == "Opportunities")
        #expect(
            list.contains {
                $0 == .object($0.objectFields) && $0.objectFields["name"] == "CloseDate"
                    && $0.objectFields["type"] == "date"
            })
    }
}
