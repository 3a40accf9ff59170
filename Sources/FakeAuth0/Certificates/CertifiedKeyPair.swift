import Crypto
import Foundation
import SwiftASN1
import X509

/// A certificate with its P-256 private key, as the CA and the server certificate both are:
/// read back from PEM files (checking that the two belong together), written as PEM, checked for expiry.
protocol CertifiedKeyPair: Sendable {
    /// What the pair is, for error messages (`CA`, `server`).
    static var role: String { get }
    var certificate: Certificate { get }
    var privateKey: P256.Signing.PrivateKey { get }
    init(certificate: Certificate, privateKey: P256.Signing.PrivateKey)
}

extension CertifiedKeyPair {
    /// Reads the pair back from its PEM files; throws when they do not belong together.
    init(certificatePEM: String, privateKeyPEM: String) throws {
        let certificate = try Certificate(pemEncoded: certificatePEM)
        let key = try P256.Signing.PrivateKey(pemRepresentation: privateKeyPEM)
        guard certificate.publicKey == Certificate.PublicKey(key.publicKey) else {
            throw CertificateFileError("the \(Self.role) key does not match the \(Self.role) certificate")
        }
        self.init(certificate: certificate, privateKey: key)
    }

    var certificatePEM: String { get throws { try certificate.serializeAsPEM().pemString + "\n" } }
    var privateKeyPEM: String { privateKey.pemRepresentation }

    /// True while the certificate is valid and has more than `margin` seconds left.
    func isValid(at now: Date, margin: TimeInterval) -> Bool {
        certificate.notValidBefore <= now && certificate.notValidAfter > now + margin
    }
}
