import FakeAuth0
import FakeAuth0Testing
import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import FakeAuth0Server

/// Token requests are answered on the event loop, ahead of the routes (`FastLaneHandler`): these tests
/// check that a client cannot tell the difference (statuses, headers, bodies, journal, order of
/// responses on one connection) and that the handler does answer them itself.
@Suite("token requests answered ahead of the routes")
struct FastLaneTokenTests {
    static let form =
        "grant_type=client_credentials&client_id=demo-m2m&client_secret=demo-m2m-secret&audience=https%3A%2F%2Fapi.example.com%2F"
    static let formType = ["Content-Type": "application/x-www-form-urlencoded"]

    /// Requests whose answers are compared: granted, refused, and malformed in each way the endpoint reads.
    static let requests: [(body: String, headers: [String: String])] = [
        (form, formType),
        (
            "grant_type=client_credentials&audience=https%3A%2F%2Fapi.example.com%2F",
            formType.merging(HTTP.basic("demo-m2m", "demo-m2m-secret")) { $1 }
        ),
        (
            #"{"grant_type":"client_credentials","client_id":"demo-m2m","client_secret":"demo-m2m-secret","audience":"https://api.example.com/"}"#,
            ["Content-Type": "application/json; charset=utf-8"]
        ),
        ("grant_type=client_credentials&client_id=nobody&client_secret=x", formType),
        ("grant_type=password&client_id=demo-m2m&client_secret=demo-m2m-secret", formType),
        ("client_id=demo-m2m", formType),
        (form, ["Content-Type": "text/plain"]),
        (form, formType.merging(["Authorization": "Basic %%%"]) { $1 }),
        (#"{"grant_type":"#, ["Content-Type": "application/json"]),
    ]

    @Test("the same statuses, headers and bodies as the routes")
    func sameAsRoutes() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            for (body, headers) in Self.requests {
                let fast = try await HTTP.send(
                    "POST", fake.url("/oauth/token"), body: Data(body.utf8), headers: headers)
                // a query string sends the same request through the routes
                let routed = try await HTTP.send(
                    "POST", fake.url("/oauth/token", query: [("via", "routes")]), body: Data(body.utf8),
                    headers: headers)
                #expect(fast.status == routed.status, "\(body)")
                for name in ["Content-Type", "Cache-Control", "Pragma", "Content-Length", "WWW-Authenticate"] {
                    #expect(fast.header(name) == routed.header(name), "\(body) \(name)")
                }
                #expect(fast.header("Date")?.hasSuffix(" GMT") == true)
                if fast.status == 200 {
                    #expect(fast.json.keys.sorted() == routed.json.keys.sorted())
                    var claims = try Self.claims(fast.json["access_token"]?.stringValue)
                    var routedClaims = try Self.claims(routed.json["access_token"]?.stringValue)
                    for name in ["iat", "exp"] {
                        claims[name] = nil
                        routedClaims[name] = nil
                    }
                    #expect(!claims.isEmpty && claims == routedClaims)
                } else {
                    #expect(fast.error != nil && fast.body == routed.body, "\(body)")
                }
            }
        }
    }

    @Test("each token request is journalled as the routes journal it")
    func journalled() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            for path in ["/oauth/token", "/oauth/token?via=routes"] {
                fake.tenant.journal.clear()
                for (body, headers) in Self.requests {
                    let url = try #require(URL(string: fake.baseURL.absoluteString + path))
                    _ = try await HTTP.send("POST", url, body: Data(body.utf8), headers: headers)
                }
                let seen = fake.tenant.journal.entries(.init()).map {
                    "\($0.event) \($0.method ?? "") \($0.path ?? "") \($0.status ?? 0) \($0.client ?? "")"
                }
                #expect(seen.count == Self.requests.count)
                #expect(seen.first == "token.issued POST /oauth/token 200 demo-m2m", "\(path)")
                #expect(seen.contains("token.refused POST /oauth/token 401 nobody"), "\(path)")
                #expect(seen.contains("request POST /oauth/token 400 "), "\(path)")
            }
        }
    }

    @Test("responses on one connection come in request order, token requests among routed requests")
    func pipelinedInOrder() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let host = "Host: 127.0.0.1:\(fake.port)\r\n"
            let token =
                "POST /oauth/token HTTP/1.1\r\n\(host)Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: \(Self.form.utf8.count)\r\n\r\n\(Self.form)"
            let refused =
                "POST /oauth/token HTTP/1.1\r\n\(host)Content-Length: 13\r\n\r\ngrant_type=x&"
            let text =
                token + "GET /userinfo HTTP/1.1\r\n\(host)\r\n" + refused
                + "GET /.well-known/jwks.json HTTP/1.1\r\n\(host)\r\n" + token
                + "GET /.well-known/openid-configuration HTTP/1.1\r\n\(host)Connection: close\r\n\r\n"
            let received = try await ProxyTests.exchange(port: fake.port, text)
            // a status line follows the previous body with no line break between them
            let statuses = received.components(separatedBy: "\r\n").compactMap { line in
                line.range(of: "HTTP/1.1 ").map { String(line[$0.lowerBound...]) }
            }
            #expect(
                statuses == [
                    "HTTP/1.1 200 OK", "HTTP/1.1 401 Unauthorized", "HTTP/1.1 400 Bad Request", "HTTP/1.1 200 OK",
                    "HTTP/1.1 200 OK", "HTTP/1.1 200 OK",
                ])
            let marks = ["\"access_token\"", "Missing access token", "unsupported_grant_type", "{\"keys\":"]
            let positions = try marks.map { try #require(received.range(of: $0)).lowerBound }
            #expect(positions == positions.sorted())
            #expect(received.hasSuffix("}") && received.contains("\"issuer\""))
        }
    }

    @Test("a token request that closes its connection gets its response, then the connection closes")
    func closingConnection() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let connection = try KeepAliveConnection(port: fake.port)
            let response = try await connection.exchange(
                "POST /oauth/token HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Length: \(Self.form.utf8.count)\r\n\r\n\(Self.form)"
                    + "GET /.well-known/jwks.json HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n") && response.contains("\"access_token\""))
            let rest = try await connection.remainder()
            #expect(rest.isEmpty && connection.closedByPeer)
        }
    }

    @Test("chunked, oversized and Expect requests are answered by the routes")
    func leftToTheRoutes() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let host = "Host: 127.0.0.1:\(fake.port)\r\n"
            let chunked = try await ProxyTests.exchange(
                port: fake.port,
                "POST /oauth/token HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + String(Self.form.utf8.count, radix: 16) + "\r\n\(Self.form)\r\n0\r\n\r\n")
            #expect(chunked.hasPrefix("HTTP/1.1 200 OK\r\n") && chunked.contains("\"access_token\""))
            let padding = String(repeating: "a", count: FastLane.maxTokenBody)
            let big = try await HTTP.send(
                "POST", fake.url("/oauth/token"), body: Data((Self.form + "&x=" + padding).utf8),
                headers: Self.formType)
            #expect(big.status == 200 && big.json["access_token"] != nil)
        }
    }

    @Test("the handler answers a token request itself and holds what follows until it has")
    func answeredByTheHandler() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let lane = FastLane(slot: TenantSlot(fake.tenant), scheme: "http")
            let channel = try await NIOAsyncTestingChannel { channel in
                try channel.pipeline.syncOperations.addHandler(FastLaneHandler(lane: lane))
            }
            // the handler writes only to a connected channel
            try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1))
            var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/oauth/token")
            head.headers.add(name: "Host", value: "127.0.0.1")
            head.headers.add(name: "Content-Length", value: String(Self.form.utf8.count))
            let next = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/userinfo")
            try await channel.writeInbound(HTTPServerRequestPart.head(head))
            try await channel.writeInbound(HTTPServerRequestPart.body(ByteBuffer(string: Self.form)))
            try await channel.writeInbound(HTTPServerRequestPart.end(nil))
            try await channel.writeInbound(HTTPServerRequestPart.head(next))
            try await channel.writeInbound(HTTPServerRequestPart.end(nil))

            guard case .head(let response) = try await channel.waitForOutboundWrite(as: HTTPServerResponsePart.self)
            else { throw ResponsePartMissing() }
            #expect(response.status == .ok && response.headers["Cache-Control"] == ["no-store"])
            guard
                case .body(.byteBuffer(let body)) = try await channel.waitForOutboundWrite(
                    as: HTTPServerResponsePart.self)
            else { throw ResponsePartMissing() }
            #expect(String(buffer: body).hasPrefix("{\"access_token\":\"ey"))
            // the routed request behind it reaches the next handler only now, whole
            guard case .head(let handedOn) = try await channel.readInbound(as: HTTPServerRequestPart.self) else {
                throw ResponsePartMissing()
            }
            #expect(handedOn.uri == "/userinfo")
            let end = try await channel.readInbound(as: HTTPServerRequestPart.self)
            #expect(end == .end(nil))
            #expect(try await channel.readInbound(as: HTTPServerRequestPart.self) == nil)
            _ = try? await channel.finish()
        }
    }

    /// The claims of a JWT, without checking it.
    static func claims(_ token: String?) throws -> [String: JSONValue] {
        let parts = try #require(token?.split(separator: "."))
        try #require(parts.count == 3)
        var segment = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while segment.count % 4 != 0 { segment += "=" }
        let data = try #require(Data(base64Encoded: segment))
        return try JSONDecoder().decode([String: JSONValue].self, from: data)
    }

    struct ResponsePartMissing: Error {}
}
