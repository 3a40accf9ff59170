import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

@testable import FakeAuth0Server

/// The JWKS and discovery documents are answered on the event loop, ahead of the routes: these tests
/// check that a client cannot tell the difference (bytes, headers, journal, order of responses).
@Suite("static documents answered ahead of the routes")
struct StaticDocumentTests {
    static let paths = [
        "/.well-known/jwks.json", "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server",
    ]

    @Test("GET and HEAD give the routes' bytes and headers, and a Date")
    func sameAsRoutes() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            for path in Self.paths {
                let fast = try await HTTP.get(fake.url(path))
                // a query string sends the same request through the routes
                let routed = try await HTTP.get(fake.url(path, query: [("via", "routes")]))
                #expect(fast.status == 200 && routed.status == 200)
                #expect(!fast.body.isEmpty && fast.body == routed.body, "\(path)")
                for name in ["Content-Type", "Cache-Control", "Content-Length"] {
                    #expect(fast.header(name) == routed.header(name), "\(path) \(name)")
                }
                // the routes' listener writes the Date header itself (RFC 9110's IMF-fixdate), as the fast lane does
                for date in [fast.header("Date"), routed.header("Date")] {
                    #expect(
                        date?.wholeMatch(of: /[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT/) != nil)
                }
                let head = try await HTTP.send("HEAD", fake.url(path))
                #expect(head.status == 200 && head.body.isEmpty)
                #expect(head.header("Content-Length") == String(fast.body.count))
            }
        }
    }

    @Test("a document asked for behind a slower request on the same connection comes second")
    func pipelinedInOrder() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let form =
                "grant_type=client_credentials&client_id=demo-m2m&client_secret=demo-m2m-secret&audience=https%3A%2F%2Fapi.example.com%2F"
            let host = "Host: 127.0.0.1:\(fake.port)\r\n"
            let text =
                "POST /oauth/token HTTP/1.1\r\n\(host)Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: \(form.utf8.count)\r\n\r\n\(form)"
                + "GET /.well-known/jwks.json HTTP/1.1\r\n\(host)\r\n"
                + "GET /.well-known/openid-configuration HTTP/1.1\r\n\(host)Connection: close\r\n\r\n"
            let received = try await ProxyTests.exchange(port: fake.port, text)
            let token = try #require(received.range(of: "\"access_token\""))
            let keys = try #require(received.range(of: "{\"keys\":"))
            let issuer = try #require(received.range(of: "\"issuer\""))
            #expect(token.lowerBound < keys.lowerBound && keys.lowerBound < issuer.lowerBound)
            #expect(received.components(separatedBy: "HTTP/1.1 200 OK").count == 4)
        }
    }

    @Test("each document served is one request entry in the journal")
    func journalled() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            _ = try await HTTP.get(fake.url("/.well-known/jwks.json"))
            _ = try await HTTP.send("HEAD", fake.url("/.well-known/openid-configuration"))
            let entries = fake.tenant.journal.entries(.init(event: "request"))
            let seen = entries.map { "\($0.method ?? "") \($0.path ?? "") \($0.status ?? 0)" }
            #expect(seen == ["GET /.well-known/jwks.json 200", "HEAD /.well-known/openid-configuration 200"])
        }
    }

    @Test("on a provider's host the provider's stub answers, not the tenant")
    func providerHost() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let received = try await ProxyTests.exchange(
                port: fake.port,
                "GET /.well-known/jwks.json HTTP/1.1\r\nHost: api.github.com\r\nConnection: close\r\n\r\n")
            #expect(received.hasPrefix("HTTP/1.1 404"))
            #expect(received.contains("\"message\":\"Not Found\""))
        }
    }

    @Test("HTTP/1.0 and Connection: close get the document")
    func closingConnections() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            for request in [
                "GET /.well-known/jwks.json HTTP/1.0\r\nConnection: close\r\n\r\n",
                "GET /.well-known/jwks.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            ] {
                let received = try await ProxyTests.exchange(port: fake.port, request)
                #expect(received.contains(" 200 OK\r\n"))
                #expect(received.hasSuffix("]}"))
            }
            // the connection closes after the response; a request sent behind it gets no answer
            let connection = try KeepAliveConnection(port: fake.port)
            let response = try await connection.exchange(
                "GET /.well-known/jwks.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    + "GET /.well-known/openid-configuration HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(response.hasSuffix("]}"))
            let rest = try await connection.remainder()
            #expect(rest.isEmpty && connection.closedByPeer)
        }
    }

    @Test("one connection gets the new JWKS right after a rotation, and HEAD and GET their own responses")
    func encodedResponsesFollowTheDocument() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let connection = try KeepAliveConnection(port: fake.port)
            let request = "/.well-known/jwks.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            let before = try await connection.exchange("GET " + request)
            let head = try await connection.exchange("HEAD " + request, hasBody: false)
            let again = try await connection.exchange("GET " + request)
            // the routes' response after documents answered here keeps its body: each response head
            // is paired with its own request
            let routed = try await connection.exchange(
                "GET /.well-known/jwks.json?via=routes HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(routed.hasSuffix("]}"))
            #expect(before.hasPrefix("HTTP/1.1 200 OK\r\n") && before.hasSuffix("]}"))
            #expect(head.hasSuffix("\r\n\r\n") && !head.contains("{"))
            #expect(again.hasSuffix(before.suffix(from: try #require(before.range(of: "{\"keys\"")).lowerBound)))
            let rotated = try await rotateKeys(fake, ["grace_seconds": 60])
            #expect(rotated.status == 200)
            let after = try await connection.exchange("GET " + request)
            let active = fake.tenant.keys.activeKeyID
            #expect(!before.contains(active) && after.contains(active))
            #expect(after.components(separatedBy: "\"kid\"").count == 3)
        }
    }

    @Test("one connection gets the discovery document of each host it names and of the tenant now serving")
    func discoveryFollowsHostAndTenant() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let connection = try KeepAliveConnection(port: fake.port)
            let request = { (host: String) in
                "GET /.well-known/openid-configuration HTTP/1.1\r\nHost: \(host)\r\n\r\n"
            }
            let first = try await connection.exchange(request("one.example"))
            let again = try await connection.exchange(request("one.example"))
            let other = try await connection.exchange(request("two.example"))
            #expect(first.contains(#""issuer":"https://one.example/""#) && !first.contains("registration_endpoint"))
            #expect(again.contains(#""issuer":"https://one.example/""#))
            #expect(other.contains(#""issuer":"https://two.example/""#))
            let loaded = try await HTTP.send(
                "PUT", fake.url("/__admin/scenario"),
                body: Data(#"{"tenant":{"dynamic_client_registration":true}}"#.utf8),
                headers: ["Content-Type": "application/json"])
            #expect(loaded.status == 200)
            let after = try await connection.exchange(request("one.example"))
            #expect(after.contains(#""registration_endpoint":"http://one.example/oidc/register""#))
        }
    }

    @Test("the Date header is the C locale's RFC 9110 form")
    func dateFormat() {
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(1_796_165_387) == "Tue, 01 Dec 2026 22:49:47 GMT")
    }
}
