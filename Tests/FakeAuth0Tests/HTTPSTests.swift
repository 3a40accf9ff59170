import FakeAuth0
import FakeAuth0Testing
import Foundation
import SwiftASN1
import Testing
import X509

@Suite("HTTPS: the local CA, the server certificate and the TLS listener")
struct HTTPSTests {
    static let loopback: Set<GeneralName> = [
        .dnsName("localhost"),
        .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
        .ipAddress(ASN1OctetString(contentBytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])),
    ]

    @Test("the CA and server certificate are created once, kept in the state directory and reused by the next start")
    func createdOnceAndReused() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let hosts = CertificateHost.serverHosts(domain: "tenant.example.test:8443")

        let first = try CertificateStore(directory: directory).credentials(for: hosts)
        let second = try CertificateStore(directory: directory).credentials(for: hosts)
        #expect(second.caCertificatePEM == first.caCertificatePEM)
        #expect(second.serverCertificatePEM == first.serverCertificatePEM)
        #expect(second.serverPrivateKeyPEM == first.serverPrivateKeyPEM)
        #expect(first.caCertificatePath == directory + "/ca.pem")
        #expect(try String(contentsOfFile: directory + "/ca.pem", encoding: .utf8) == first.caCertificatePEM)
        for key in ["ca-key.pem", "server-key.pem"] {
            let permissions =
                try FileManager.default.attributesOfItem(atPath: "\(directory)/\(key)")[.posixPermissions] as? Int
            #expect(permissions == 0o600, "\(key) is readable only by its owner")
        }

        let ca = try Certificate(pemEncoded: first.caCertificatePEM)
        let leaf = try Certificate(pemEncoded: first.serverCertificatePEM)
        let names = try Self.altNames(leaf)
        #expect(
            names.isSuperset(of: Self.loopback.union([.dnsName("tenant.example.test"), .dnsName("api.github.com")])))
        #expect(leaf.issuer == ca.subject && ca.publicKey.isValidSignature(leaf.signature, for: leaf))
        #expect(try ca.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: 0))
        #expect(ca.extensions[oid: .X509ExtensionID.basicConstraints]?.critical == true)
        #expect(try leaf.extensions.basicConstraints == .notCertificateAuthority)
        #expect(try leaf.extensions.extendedKeyUsage?.contains(.serverAuth) == true)
        #expect(
            try leaf.extensions.authorityKeyIdentifier?.keyIdentifier
                == ca.extensions.subjectKeyIdentifier?.keyIdentifier)
        #expect(try leaf.extensions.subjectKeyIdentifier != nil)
        #expect(leaf.notValidAfter.timeIntervalSinceNow > 300 * 86_400)
        #expect(ca.notValidAfter.timeIntervalSinceNow > 9 * 365 * 86_400)
    }

    @Test("a new domain re-issues the server certificate under the same CA")
    func newDomainReissuesTheLeafOnly() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = CertificateStore(directory: directory)
        let before = try store.credentials(for: CertificateHost.serverHosts(domain: "one.example.test"))
        let after = try store.credentials(for: CertificateHost.serverHosts(domain: "two.example.test"))

        #expect(after.caCertificatePEM == before.caCertificatePEM)
        #expect(after.serverCertificatePEM != before.serverCertificatePEM)
        let names = try Self.altNames(Certificate(pemEncoded: after.serverCertificatePEM))
        #expect(names.contains(.dnsName("two.example.test")) && !names.contains(.dnsName("one.example.test")))
        #expect(names.isSuperset(of: Self.loopback))
        let ipDomain = try store.credentials(for: CertificateHost.serverHosts(domain: "[::1]:4443"))
        #expect(ipDomain.caCertificatePEM == before.caCertificatePEM)
    }

    @Test("a server certificate near expiry is renewed; the CA stays")
    func nearExpiryRenewsTheLeaf() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = CertificateStore(directory: directory)
        let hosts = CertificateHost.serverHosts(domain: nil)
        let now = Date()
        let issued = try store.credentials(for: hosts, now: now)
        #expect(
            try store.credentials(for: hosts, now: now + 300 * 86_400).serverCertificatePEM
                == issued.serverCertificatePEM)
        let renewed = try store.credentials(for: hosts, now: now + 350 * 86_400)
        #expect(renewed.serverCertificatePEM != issued.serverCertificatePEM)
        #expect(renewed.caCertificatePEM == issued.caCertificatePEM)
    }

    @Test("over HTTPS, a client trusting the CA gets the same endpoints, with https URLs and the Host's issuer")
    func httpsRequestSucceeds() async throws {
        try await withFakeTenant(scenario: TestScenario.make(), https: true) { fake in
            let base = try #require(fake.httpsBaseURL)
            let ca = try Self.write(try #require(fake.caCertificatePEM))
            defer { try? FileManager.default.removeItem(atPath: ca) }

            let discovery = try await Curl.run([
                "--cacert", ca, base.appending(path: "/.well-known/openid-configuration").absoluteString,
            ])
            #expect(discovery.status == 0, "\(discovery.error)")
            let document = try JSONDecoder().decode([String: JSONValue].self, from: Data(discovery.output.utf8))
            let authority = "127.0.0.1:\(try #require(fake.httpsPort))"
            #expect(document["issuer"]?.stringValue == "https://\(authority)/")
            #expect(document["token_endpoint"]?.stringValue == "https://\(authority)/oauth/token")

            let token = try await Curl.run([
                "--cacert", ca, base.appending(path: "/oauth/token").absoluteString,
                "-d", "grant_type=client_credentials", "-d", "client_id=demo-m2m", "-d",
                "client_secret=demo-m2m-secret",
                "-d", "audience=\(TestScenario.apiAudience)",
            ])
            #expect(token.status == 0, "\(token.error)")
            let body = try JSONDecoder().decode([String: JSONValue].self, from: Data(token.output.utf8))
            let accessToken = try #require(body["access_token"]?.stringValue)
            #expect(jwtParts(accessToken).payload["iss"]?.stringValue == "https://\(authority)/")

            let byName = try await Curl.run([
                "--cacert", ca, "https://localhost:\(fake.httpsPort ?? 0)/.well-known/jwks.json", "-o", "/dev/null",
            ])
            #expect(byName.status == 0, "the certificate also names localhost: \(byName.error)")
        }
    }

    @Test("without trusting the CA the TLS handshake fails")
    func untrustedCAFails() async throws {
        try await withFakeTenant(scenario: TestScenario.make(), https: true) { fake in
            let base = try #require(fake.httpsBaseURL)
            let result = try await Curl.run([base.appending(path: "/.well-known/jwks.json").absoluteString])
            #expect(result.status == 60, "curl reports an untrusted certificate: \(result.error)")

            let other = try CertificateStore.inMemory.credentials(for: CertificateHost.serverHosts(domain: nil))
            let wrongCA = try Self.write(other.caCertificatePEM)
            defer { try? FileManager.default.removeItem(atPath: wrongCA) }
            let wrong = try await Curl.run([
                "--cacert", wrongCA, base.appending(path: "/.well-known/jwks.json").absoluteString,
            ])
            #expect(wrong.status == 60, "another fake's CA is not trusted: \(wrong.error)")
        }
    }

    @Test("without https: true there is no HTTPS listener")
    func httpsIsOptIn() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            #expect(fake.httpsBaseURL == nil && fake.caCertificatePEM == nil)
        }
    }

    static func altNames(_ certificate: Certificate) throws -> Set<GeneralName> {
        Set(try certificate.extensions.subjectAlternativeNames.map(Array.init) ?? [])
    }

    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appending(path: "fake-auth0-tls-\(UUID().uuidString)").path
    }

    static func write(_ pem: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appending(path: "fake-auth0-ca-\(UUID().uuidString).pem").path
        try Data(pem.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// Runs the system's curl, as a client outside the process would call the fake; trust comes only from
/// `--cacert`, never from the caller's environment.
enum Curl {
    struct Result: Sendable {
        var status: Int32
        var output: String
        var error: String
    }

    static func run(_ arguments: [String]) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "--silent", "--show-error", "--noproxy", "*", "--max-time", "10"] + arguments
        var environment = ProcessInfo.processInfo.environment
        for name in ["CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR"] { environment[name] = nil }
        process.environment = environment
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return Result(
            status: process.terminationStatus,
            output: String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
            error: String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }
}
