import Crypto
import Foundation
import SwiftASN1
import X509

/// The HTTPS server (leaf) certificate and its P-256 key, signed by the local CA.
struct ServerCertificate: CertifiedKeyPair {
    /// One year: long enough to forget about, short enough for every TLS client's limits.
    static let validity: TimeInterval = 365 * 86_400
    /// Re-issued when fewer than 30 days are left.
    static let renewalMargin: TimeInterval = 30 * 86_400

    let certificate: Certificate
    let privateKey: P256.Signing.PrivateKey

    static let role = "server"

    init(certificate: Certificate, privateKey: P256.Signing.PrivateKey) {
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// The names in the certificate's `subjectAltName` extension.
    var hosts: Set<CertificateHost> {
        get throws { Set(try certificate.extensions.subjectAlternativeNames?.compactMap(CertificateHost.init) ?? []) }
    }

    /// True when the certificate can keep serving: signed by `authority`, valid for more than the renewal
    /// margin, and naming exactly `hosts`.
    func fits(hosts: Set<CertificateHost>, authority: LocalCertificateAuthority, now: Date) -> Bool {
        guard authority.signed(certificate), isValid(at: now, margin: Self.renewalMargin) else { return false }
        return (try? self.hosts) == hosts
    }
}
