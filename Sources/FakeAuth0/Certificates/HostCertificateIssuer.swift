import Foundation

/// Issues a leaf certificate for one host on demand, signed by the local CA: what the proxy presents
/// inside a `CONNECT` tunnel to a stubbed host (`gmail.googleapis.com`, the tenant's own domain…).
/// Leaves are never written to disk; the caller caches them per host.
public struct HostCertificateIssuer: Sendable {
    /// A leaf certificate and its private key, both PEM.
    public struct Leaf: Sendable {
        public let certificatePEM: String
        public let privateKeyPEM: String
    }

    /// A day is plenty: a leaf lives only as long as the process that issued it.
    static let validity: TimeInterval = 86_400

    let authority: LocalCertificateAuthority

    init(authority: LocalCertificateAuthority) {
        self.authority = authority
    }

    /// A certificate naming exactly `host` (a DNS name or an IP address).
    public func issue(host: String, now: Date = Date()) throws -> Leaf {
        guard let name = CertificateHost(host) else { throw CertificateFileError("no host to issue a certificate for") }
        let leaf = try authority.issueServerCertificate(hosts: [name], now: now, validity: Self.validity)
        return Leaf(certificatePEM: try leaf.certificatePEM, privateKeyPEM: leaf.privateKeyPEM)
    }
}
