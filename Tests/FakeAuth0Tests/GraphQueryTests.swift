import Foundation
import Testing

@testable import FakeAuth0
@testable import FakeProviders

@Suite("Graph OData options")
struct ODataTests {
    static let properties: Set<String> = [
        "id", "subject", "isRead", "receivedDateTime", "from", "importance", "hasAttachments",
    ]
    static let messages: [JSONValue] = [
        [
            "id": "1", "subject": "Invoice 42", "isRead": false, "receivedDateTime": "2026-11-24T09:00:00Z",
            "from": ["emailAddress": ["address": "billing@example.com", "name": "Billing"]], "importance": "high",
        ],
        [
            "id": "2", "subject": "Lunch?", "isRead": true, "receivedDateTime": "2026-11-25T11:00:00Z",
            "from": ["emailAddress": ["address": "bob@example.com", "name": "Bob"]], "importance": "normal",
        ],
        [
            "id": "3", "subject": "Invoice 43", "isRead": true, "receivedDateTime": "2026-11-20T08:00:00Z",
            "from": ["emailAddress": ["address": "billing@example.com", "name": "Billing"]], "importance": "normal",
        ],
    ]

    func ids(_ parameters: [String: String], defaultTop: Int = 10) throws -> ([String], Bool) {
        let query = try ODataQuery.parse(parameters, properties: Self.properties, type: "message", maxTop: 1000)
        let (page, more) = query.apply(to: Self.messages, defaultTop: defaultTop)
        return (page.compactMap { if case .object(let f) = $0 { f["id"]?.stringValue } else { nil } }, more)
    }

    func failure(_ parameters: [String: String]) -> GraphError? {
        do {
            _ = try ODataQuery.parse(parameters, properties: Self.properties, type: "message", maxTop: 1000)
            return nil
        } catch { return error }
    }

    @Test func filtersOrdersAndPages() throws {
        #expect(try ids(["$filter": "isRead eq false"]).0 == ["1"])
        #expect(
            try ids(["$filter": "from/emailAddress/address eq 'BILLING@example.com' and isRead eq true"]).0 == ["3"])
        #expect(
            try ids(["$filter": "receivedDateTime ge 2026-11-24T00:00:00Z", "$orderby": "receivedDateTime desc"]).0 == [
                "2", "1",
            ])
        #expect(try ids(["$filter": "contains(subject,'invoice') and not (importance eq 'high')"]).0 == ["3"])
        #expect(try ids(["$filter": "startswith(subject,'Lunch') or importance eq 'high'"]).0 == ["1", "2"])
        #expect(try ids(["$orderby": "subject"]).0 == ["1", "3", "2"])
        let first = try ids(["$top": "2", "$orderby": "receivedDateTime desc"])
        #expect(first.0 == ["2", "1"] && first.1)
        let second = try ids(["$top": "2", "$skip": "2", "$orderby": "receivedDateTime desc"])
        #expect(second.0 == ["3"] && !second.1)
    }

    @Test func selectKeepsIdAndChosenProperties() throws {
        let query = try ODataQuery.parse(
            ["$select": "subject,ISREAD"], properties: Self.properties, type: "message", maxTop: 1000)
        #expect(query.project(Self.messages[0]) == ["id": "1", "subject": "Invoice 42", "isRead": false])
    }

    @Test func badOptionsAreGraphBadRequests() {
        for parameters in [
            ["$top": "0"], ["$top": "1001"], ["$top": "x"], ["$top": "99999999999999999999999"], ["$skip": "-1"],
            ["$filter": "isRead eq"], ["$filter": "nope eq 1"], ["$filter": "subject eq 'open"], ["$select": "nope"],
            ["$orderby": "subject sideways"], ["$expand": "attachments"], ["$filter": "any(x)"],
            ["$filter": "(isRead eq true"],
        ] {
            #expect(failure(parameters)?.code == "BadRequest", "\(parameters)")
        }
        #expect(
            failure(["$filter": "nope eq 1"])?.message
                == "Could not find a property named 'nope' on type 'microsoft.graph.message'.")
    }
}

@Suite("Declared routes")
struct RouteTemplateTests {
    func template(_ text: String) -> RouteTemplate? { try? RouteTemplate.parse(text).get() }

    @Test func matchesParameters() throws {
        let route = try #require(template("/v1/playlists/{id}/tracks"))
        #expect(route.parameters == ["id"])
        #expect(route.match("/v1/playlists/37i9dQ/tracks") == ["id": "37i9dQ"])
        #expect(route.match("/v1/playlists/a%20b/tracks") == ["id": "a b"])
        #expect(route.match("/v1/playlists//tracks") == nil)
        #expect(route.match("/v1/playlists/1/tracks/2") == nil)
        #expect(route.match("/v1/playlists/1") == nil)
        #expect(template("/v1/me")?.match("/v1/me") == [:])
    }

    @Test func refusesBadTemplates() {
        for text in ["v1/me", "/v1//me", "/v1/{}", "/v1/{a-b}", "/v1/x{id}", "/v1/{id}/{id}", "/v1/me?x=1"] {
            #expect(template(text) == nil, "\(text)")
        }
    }

    @Test func overlaps() throws {
        let a = try #require(template("/v1/items/{id}"))
        #expect(a.overlaps(try #require(template("/v1/items/new"))))
        #expect(!a.overlaps(try #require(template("/v1/users/{id}/x"))))
        #expect(!a.overlaps(try #require(template("/v2/items/{id}"))))
    }

    @Test func placeholders() {
        let body: JSONValue = [
            "id": "{id}", "owner": ["email": "{user.email}"], "note": "{not a placeholder} {missing}", "n": 3,
        ]
        #expect(Placeholders.names(in: body) == ["id", "missing", "user.email"])
        #expect(
            Placeholders.substitute(body, ["id": "7", "user.email": "alice@example.com"])
                == [
                    "id": "7", "owner": ["email": "alice@example.com"], "note": "{not a placeholder} {missing}", "n": 3,
                ])
    }
}
