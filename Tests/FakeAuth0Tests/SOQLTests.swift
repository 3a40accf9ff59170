import Foundation
import Testing

@testable import FakeAuth0
@testable import FakeProviders

@Suite("SOQL queries")
struct SOQLTests {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
    /// Wednesday 2026-11-25 12:00 UTC.
    static let now = SalesforceDates.parseDateTime("2026-11-25T12:00:00Z")!

    static let database: SObjectDatabase = {
        let schemas = SObjectSchema.standard
        let accounts: [SObjectRecord] = [
            ["Id": "001000000000001AAA", "Name": "Acme", "Industry": "Manufacturing"],
            ["Id": "001000000000002AAA", "Name": "Globex", "Industry": "Energy"],
        ]
        let opportunities: [SObjectRecord] = [
            [
                "Id": "006000000000001AAA", "Name": "Acme renewal", "Amount": 50000, "StageName": "Prospecting",
                "CloseDate": "2026-11-25", "AccountId": "001000000000001AAA", "IsDeleted": false,
                "CreatedDate": "2026-11-20T09:00:00.000+0000",
            ],
            [
                "Id": "006000000000002AAA", "Name": "Globex expansion", "Amount": .double(120000.5),
                "StageName": "Negotiation",
                "CloseDate": "2026-12-15", "AccountId": "001000000000002AAA", "IsDeleted": false,
                "CreatedDate": "2026-11-24T18:00:00.000+0000",
            ],
            [
                "Id": "006000000000003AAA", "Name": "Acme pilot", "Amount": .null, "StageName": "Closed Won",
                "CloseDate": "2026-10-02", "AccountId": "001000000000001AAA", "IsDeleted": false,
                "CreatedDate": "2026-09-01T09:00:00.000+0000",
            ],
            [
                "Id": "006000000000004AAA", "Name": "Old deal", "Amount": 10, "StageName": "Closed Lost",
                "CloseDate": "2025-01-10", "IsDeleted": true, "CreatedDate": "2025-01-01T09:00:00.000+0000",
            ],
        ]
        return SObjectDatabase(schemas: schemas, records: ["Account": accounts, "Opportunity": opportunities])
    }()

    func run(_ soql: String, all: Bool = false) throws -> SOQLResult {
        try SOQLEvaluator(database: Self.database, now: Self.now, calendar: Self.calendar, apiVersion: "59.0")
            .run(soql, includeDeleted: all)
    }

    func names(_ result: SOQLResult) -> [String] {
        result.records.compactMap { if case .object(let f) = $0 { f["Name"]?.stringValue } else { nil } }
    }

    func error(_ soql: String) -> SalesforceError? {
        do {
            _ = try run(soql)
            return nil
        } catch let error as SalesforceError {
            return error
        } catch {
            return nil
        }
    }

    @Test func selectsFieldsWithAttributes() throws {
        let result = try run("SELECT Id, Name, Amount FROM Opportunity WHERE Name = 'acme RENEWAL'")
        #expect(result.totalSize == 1)
        guard case .object(let record) = result.records.first else {
            Issue.record("no record")
            return
        }
        #expect(record["Name"] == "Acme renewal")
        #expect(record["Amount"] == 50000)
        #expect(record["StageName"] == nil)
        #expect(
            record["attributes"] == [
                "type": "Opportunity", "url": "/services/data/v59.0/sobjects/Opportunity/006000000000001AAA",
            ])
    }

    @Test func relationshipFieldsNestAndFilter() throws {
        let result = try run("SELECT Name, Account.Name FROM Opportunity WHERE Account.Industry = 'Energy'")
        #expect(names(result) == ["Globex expansion"])
        guard case .object(let record) = result.records.first, case .object(let account) = record["Account"] else {
            Issue.record("no nested account")
            return
        }
        #expect(account["Name"] == "Globex")
        #expect(
            account["attributes"] == [
                "type": "Account", "url": "/services/data/v59.0/sobjects/Account/001000000000002AAA",
            ])
    }

    @Test func comparisonsLikeInAndNot() throws {
        #expect(
            names(try run("SELECT Name FROM Opportunity WHERE Amount > 1000 ORDER BY Amount DESC")) == [
                "Globex expansion", "Acme renewal",
            ])
        #expect(names(try run("SELECT Name FROM Opportunity WHERE Amount <= 50000")) == ["Acme renewal"])
        #expect(
            names(try run("SELECT Name FROM Opportunity WHERE Name LIKE 'acme%' ORDER BY Name")) == [
                "Acme pilot", "Acme renewal",
            ])
        #expect(names(try run("SELECT Name FROM Opportunity WHERE Name LIKE '%_xpansion'")) == ["Globex expansion"])
        #expect(
            names(
                try run("SELECT Name FROM Opportunity WHERE StageName IN ('Closed Won', 'Negotiation') ORDER BY Name"))
                == ["Acme pilot", "Globex expansion"])
        #expect(
            names(try run("SELECT Name FROM Opportunity WHERE StageName NOT IN ('Closed Won')")) == [
                "Acme renewal", "Globex expansion",
            ])
        #expect(names(try run("SELECT Name FROM Opportunity WHERE NOT Name LIKE 'Acme%'")) == ["Globex expansion"])
        #expect(names(try run("SELECT Name FROM Opportunity WHERE Amount = null")) == ["Acme pilot"])
        #expect(
            names(
                try run(
                    "SELECT Name FROM Opportunity WHERE Amount != null AND (StageName = 'Prospecting' OR Amount > 100000)"
                )) == ["Acme renewal", "Globex expansion"])
        #expect(names(try run("SELECT Name FROM Opportunity WHERE Id = '006000000000002'")) == ["Globex expansion"])
    }

    @Test func dateLiteralsReadTheInjectedNow() throws {
        #expect(names(try run("SELECT Name FROM Opportunity WHERE CloseDate = TODAY")) == ["Acme renewal"])
        #expect(names(try run("SELECT Name FROM Opportunity WHERE CloseDate > TODAY")) == ["Globex expansion"])
        #expect(
            names(try run("SELECT Name FROM Opportunity WHERE CloseDate = THIS_QUARTER ORDER BY CloseDate")) == [
                "Acme pilot", "Acme renewal", "Globex expansion",
            ])
        #expect(names(try run("SELECT Name FROM Opportunity WHERE CloseDate = LAST_N_DAYS:30")) == ["Acme renewal"])
        #expect(
            names(try run("SELECT Name FROM Opportunity WHERE CloseDate = LAST_N_DAYS:60")) == [
                "Acme renewal", "Acme pilot",
            ])
        #expect(
            names(try run("SELECT Name FROM Opportunity WHERE CreatedDate = LAST_N_DAYS:1")) == ["Globex expansion"])
        #expect(names(try run("SELECT Name FROM Opportunity WHERE CloseDate >= 2026-12-01")) == ["Globex expansion"])
        #expect(
            names(try run("SELECT Name FROM Opportunity WHERE CreatedDate < 2026-11-21T00:00:00Z ORDER BY CreatedDate"))
                == ["Acme pilot", "Acme renewal"])
        #expect(
            names(try run("SELECT Name FROM Opportunity WHERE CreatedDate = THIS_WEEK ORDER BY Name")) == [
                "Globex expansion"
            ])
    }

    @Test func orderNullsLimitOffsetAndCount() throws {
        #expect(
            names(try run("SELECT Name FROM Opportunity ORDER BY Amount")) == [
                "Acme pilot", "Acme renewal", "Globex expansion",
            ])
        #expect(
            names(try run("SELECT Name FROM Opportunity ORDER BY Amount ASC NULLS LAST")) == [
                "Acme renewal", "Globex expansion", "Acme pilot",
            ])
        #expect(
            names(try run("SELECT Name FROM Opportunity ORDER BY Amount DESC NULLS FIRST LIMIT 2")) == [
                "Acme pilot", "Globex expansion",
            ])
        #expect(
            names(try run("SELECT Name FROM Opportunity ORDER BY Account.Name DESC, Name LIMIT 2 OFFSET 1")) == [
                "Acme pilot", "Acme renewal",
            ])
        let count = try run("SELECT COUNT() FROM Opportunity WHERE Account.Name = 'Acme'")
        #expect(count.totalSize == 2 && count.records.isEmpty)
        let aggregate = try run("SELECT COUNT(Amount) n FROM Opportunity")
        #expect(aggregate.records == [["attributes": ["type": "AggregateResult"], "n": 2]])
    }

    @Test func queryAllIncludesDeletedRecords() throws {
        #expect(try run("SELECT Id FROM Opportunity").totalSize == 3)
        #expect(names(try run("SELECT Name FROM Opportunity WHERE IsDeleted = true", all: true)) == ["Old deal"])
    }

    @Test func malformedQueries() {
        for soql in [
            "SELEC Id FROM Opportunity", "SELECT Id FROM", "SELECT Id FROM Opportunity WHERE",
            "SELECT Id, FROM Opportunity",
            "SELECT Id FROM Opportunity WHERE Name = 'a' AND Amount > 1 OR Amount < 2",
            "SELECT Id FROM Opportunity LIMIT -1",
            "SELECT Id FROM Opportunity LIMIT 99999999999999999999999", "SELECT Id FROM Opportunity WHERE Name = 'open",
            "SELECT Id FROM Opportunity WHERE CloseDate = LAST_N_DAYS:100000000000000000000",
            "SELECT COUNT(), Name FROM Opportunity",
            "SELECT Id, (SELECT Id FROM Contacts) FROM Account", "SELECT Id FROM Opportunity WHERE Name = 'a' junk",
            "SELECT Id FROM Opportunity WHERE Name ! 'a'", "",
        ] {
            #expect(error(soql)?.code == "MALFORMED_QUERY", "\(soql)")
        }
        let malformed = error("SELECT Id FRM Opportunity")
        #expect(
            malformed?.message
                == "\nSELECT Id FRM Opportunity\n          ^\nERROR at Row:1:Column:11\nunexpected token: FRM")
        #expect(error("SELECT Id FROM Opportunity OFFSET 2001")?.code == "NUMBER_OUTSIDE_VALID_RANGE")
    }

    @Test func unknownObjectsFieldsAndWrongLiteralTypes() {
        #expect(error("SELECT Id FROM Opportunityy")?.code == "INVALID_TYPE")
        let field = error("SELECT Id, Amont FROM Opportunity")
        #expect(field?.code == "INVALID_FIELD")
        #expect(field?.message.contains("No such column 'Amont' on entity 'Opportunity'") == true)
        #expect(
            error("SELECT Acount.Name FROM Opportunity")?.message.contains("Didn't understand relationship 'Acount'")
                == true)
        #expect(error("SELECT Id FROM Opportunity ORDER BY Nope")?.code == "INVALID_FIELD")
        #expect(
            error("SELECT Id FROM Opportunity WHERE CloseDate = '2026-11-25'")?.message.contains(
                "must be of type date and should not be enclosed in quotes") == true)
        #expect(error("SELECT Id FROM Opportunity WHERE Amount = '5'")?.code == "INVALID_FIELD")
        #expect(
            error("SELECT Id FROM Opportunity WHERE Name = 5")?.message.contains("should be enclosed in quotes") == true
        )
        #expect(error("SELECT Id FROM Opportunity WHERE Amount LIKE '5%'")?.code == "INVALID_FIELD")
        #expect(error("SELECT Id FROM Opportunity WHERE CreatedDate > 2026-11-25")?.code == "INVALID_FIELD")
        #expect(error("SELECT Id FROM Opportunity WHERE CloseDate > 2026-02-30")?.code == "INVALID_FIELD")
    }

    @Test func likePatternsDoNotBacktrackForever() {
        let pattern = LikePattern(String(repeating: "%a", count: 50) + "b")
        #expect(!pattern.matches(String(repeating: "a", count: 5000)))
        #expect(LikePattern("100\\%").matches("100%"))
        #expect(!LikePattern("100\\%").matches("1000"))
    }

    @Test func dateLiteralRanges() {
        let q = SOQLDateLiteral.thisQuarter.range(now: Self.now, calendar: Self.calendar)
        #expect(SalesforceDates.day(q.lowerBound, calendar: Self.calendar) == "2026-10-01")
        #expect(SalesforceDates.day(q.upperBound, calendar: Self.calendar) == "2027-01-01")
        let week = SOQLDateLiteral.thisWeek.range(now: Self.now, calendar: Self.calendar)
        #expect(SalesforceDates.day(week.lowerBound, calendar: Self.calendar) == "2026-11-22")
        let last = SOQLDateLiteral.lastNDays(7).range(now: Self.now, calendar: Self.calendar)
        #expect(SalesforceDates.day(last.lowerBound, calendar: Self.calendar) == "2026-11-18")
        #expect(SalesforceDates.day(last.upperBound, calendar: Self.calendar) == "2026-11-26")
        #expect(SalesforceDates.dateTime(Self.now) == "2026-11-25T12:00:00.000+0000")
        #expect(SalesforceDates.parseDateTime("2026-11-25T13:30:00+01:30") == Self.now)
    }
}
