import Crypto
import Foundation
import SwiftASN1
import X509

/// The HTTPS server (leaf) certificate and its P-256 key, signed by the local CA.
struct ServerCertificate: Sendable {
    /// One year: long enough to forget about, short enough for every TLS client's limits.
    static let validity: TimeInterval = 365 * 86_400
    /// Re-issued when fewer than 30 days are left.
    static let renewalMargin: TimeInterval = 30 * 86_400

    let certificate: Certificate
    let privateKey: P256.Signing.PrivateKey

    /// Reads a server certificate back from its PEM files; throws when they do not belong together.
    init(certificatePEM: String, privateKeyPEM: String) throws {
        let certificate = try Certificate(pemEncoded: certificatePEM)
        let key = try P256.Signing.PrivateKey(pemRepresentation: privateKeyPEM)
        guard certificate.publicKey == Certificate.PublicKey(key.publicKey) else {
            throw CertificateFileError("the server key does not match the server certificate")
        }
        self.init(certificate: certificate, privateKey: key)
    }

    init(certificate: Certificate, privateKey: P256.Signing.PrivateKey) {
        self.certificate = certificate
        self.privateKey = privateKey
    }

    var certificatePEM: String { get throws { try certificate.serializeAsPEM().pemString + "\n" } }
    var privateKeyPEM: String { privateKey.pemRepresentation }

    /// The names in the certificate's `subjectAltName` extension.
    var hosts: Set<CertificateHost> {
        get throws { Set(try certificate.extensions.subjectAlternativeNames?.compactMap(CertificateHost.init) ?? []) }
    }

    /// True when the certificate can keep serving: signed by `authority`, valid for more than the renewal
    /// margin, and naming exactly `hosts`.
    func fits(hosts: Set<CertificateHost>, authority: LocalCertificateAuthority, now: Date) -> Bool {
        guard authority.signed(certificate),
            certificate.notValidBefore <= now, certificate.notValidAfter > now + Self.renewalMargin
        else { return false }
        return (try? self.hosts) == hosts
    }
}
