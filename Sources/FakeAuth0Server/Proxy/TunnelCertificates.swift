import FakeAuth0
import NIOCore
import NIOSSL
import Synchronization

/// The TLS server contexts the proxy terminates tunnels with: one per host, with a leaf certificate
/// for that host issued by the local CA on first use and kept for the process's lifetime (at most
/// `limit` hosts; beyond that the cache starts over).
final class TunnelCertificates: Sendable {
    static let limit = 256

    private let issuer: HostCertificateIssuer
    private let contexts = Mutex<[String: NIOSSLContext]>([:])

    init(issuer: HostCertificateIssuer) {
        self.issuer = issuer
    }

    /// The context presenting a certificate for `host` (whatever name the client's SNI carries).
    func context(for host: String) throws -> NIOSSLContext {
        if let cached = contexts.withLock({ $0[host] }) { return cached }
        let leaf = try issuer.issue(host: host)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [
                .certificate(try NIOSSLCertificate(bytes: Array(leaf.certificatePEM.utf8), format: .pem))
            ],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(leaf.privateKeyPEM.utf8), format: .pem)))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        configuration.shutdownTimeout = .milliseconds(100)
        let context = try NIOSSLContext(configuration: configuration)
        return contexts.withLock { cache in
            if let raced = cache[host] { return raced }
            if cache.count >= Self.limit { cache.removeAll() }
            cache[host] = context
            return context
        }
    }
}
