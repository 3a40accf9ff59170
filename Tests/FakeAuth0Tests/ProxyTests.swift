import FakeAuth0
import FakeAuth0Testing
import Foundation
import SwiftASN1
import Testing
import X509

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("Proxy mode: CONNECT tunnels and absolute-form requests on the HTTP port")
struct ProxyTests {
    @Test("a tunnel's certificate names exactly its host and is signed by the local CA")
    func hostCertificate() throws {
        let credentials = try CertificateStore.inMemory.credentials(for: CertificateHost.serverHosts(domain: nil))
        let issuer = try #require(credentials.hostIssuer)
        let leaf = try Certificate(pemEncoded: issuer.issue(host: "gmail.googleapis.com").certificatePEM)
        let ca = try Certificate(pemEncoded: credentials.caCertificatePEM)
        #expect(try leaf.extensions.subjectAlternativeNames.map(Array.init) == [.dnsName("gmail.googleapis.com")])
        #expect(leaf.issuer == ca.subject && ca.publicKey.isValidSignature(leaf.signature, for: leaf))
        #expect(try leaf.extensions.extendedKeyUsage?.contains(.serverAuth) == true)
        #expect(throws: (any Error).self) { try issuer.issue(host: "") }
    }

    @Test("an absolute-form request reaches the stub named by its URL; another host is refused by name")
    func absoluteForm() async throws {
        try await withFakeTenant { fake in
            let github = try await Self.exchange(
                port: fake.port,
                "GET http://api.github.com/user HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(github.hasPrefix("HTTP/1.1 401"))
            #expect(github.contains(#""message":"Requires authentication""#))

            let refused = try await Self.exchange(
                port: fake.port, "GET http://example.org/x HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\r\n")
            #expect(refused.hasPrefix("HTTP/1.1 403"))
            #expect(refused.contains(#""error":"proxy_refused""#))
            #expect(refused.contains("fake-auth0 is offline: example.org is not a stubbed host."))

            let origin = try await Self.exchange(
                port: fake.port, "GET /.well-known/jwks.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(origin.hasPrefix("HTTP/1.1 200"), "ordinary requests are untouched")
        }
    }

    @Test("CONNECT opens a tunnel to a stub host, refuses other ports, and needs HTTPS")
    func connectTunnels() async throws {
        try await withFakeTenant(https: true) { fake in
            let opened = try await Self.exchange(
                port: fake.port, "CONNECT api.github.com:443 HTTP/1.1\r\nHost: api.github.com:443\r\n\r\n",
                closeAfterFirstRead: true)
            #expect(opened == "HTTP/1.1 200 Connection Established\r\n\r\n")
            let port = try await Self.exchange(port: fake.port, "CONNECT api.github.com:8443 HTTP/1.1\r\n\r\n")
            #expect(port.hasPrefix("HTTP/1.1 403 fake-auth0 proxies tunnels to port 443 only, not api.github.com:8443"))
        }
        try await withFakeTenant { fake in
            let refused = try await Self.exchange(port: fake.port, "CONNECT api.github.com:443 HTTP/1.1\r\n\r\n")
            #expect(refused.hasPrefix("HTTP/1.1 502 fake-auth0 serves no HTTPS"))
        }
    }

    @Test("env --proxy exports the proxy variables and keeps loopback direct")
    func exports() throws {
        let variables = try EnvironmentExports.variables(
            scenario: ScenarioLoader.defaultScenario(), domain: "127.0.0.1:4443", caFile: "/ca.pem",
            proxy: "http://127.0.0.1:4010")
        let values = Dictionary(variables.map { ($0.name, $0.value) }) { first, _ in first }
        for name in ["HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"] {
            #expect(values[name] == "http://127.0.0.1:4010")
        }
        #expect(values["NO_PROXY"] == "localhost,127.0.0.1,::1" && values["no_proxy"] == values["NO_PROXY"])
        #expect(values["SSL_CERT_FILE"] == "/ca.pem")
    }

    /// Sends `text` to 127.0.0.1:`port` and reads until the fake closes (or, with `closeAfterFirstRead`,
    /// what the first read returns). The blocking socket calls run on a dispatch thread, never on the
    /// cooperative pool the in-process fake answers from.
    static func exchange(port: Int, _ text: String, closeAfterFirstRead: Bool = false) async throws -> String {
        try await offConcurrencyPool {
            try blockingExchange(port: port, text, closeAfterFirstRead: closeAfterFirstRead)
        }
    }

    static func blockingExchange(port: Int, _ text: String, closeAfterFirstRead: Bool) throws -> String {
        let descriptor = try connectedLoopbackSocket(port: port)
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        try #require(send(descriptor, bytes, bytes.count, 0) == bytes.count)
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
            if closeAfterFirstRead { break }
        }
        return String(decoding: received, as: UTF8.self)
    }
}
