import Crypto
import Foundation
import SwiftASN1
import X509

/// The fake's own certificate authority (P-256): created once, trusted once by the user, and used to
/// sign the HTTPS server certificate. Its extensions satisfy strict verifiers (OpenSSL's
/// `X509_V_FLAG_X509_STRICT`, Python 3.13's default `VERIFY_X509_STRICT`).
struct LocalCertificateAuthority: CertifiedKeyPair {
    static let validity: TimeInterval = 10 * 365 * 86_400
    static let backdating: TimeInterval = 3_600

    let certificate: Certificate
    let privateKey: P256.Signing.PrivateKey

    /// A new CA valid for ten years; its name carries a random suffix so two CAs never share a subject.
    static func generate(now: Date) throws -> LocalCertificateAuthority {
        let key = P256.Signing.PrivateKey()
        let suffix = (0..<3).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let name = try DistinguishedName {
            OrganizationName("fake-auth0")
            CommonName("fake-auth0 local CA \(suffix)")
        }
        let publicKey = Certificate.PublicKey(key.publicKey)
        let keyID = SubjectKeyIdentifier(hash: publicKey)
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: now - backdating, notValidAfter: now + validity,
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                keyID
                AuthorityKeyIdentifier(keyIdentifier: keyID.keyIdentifier)
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
        return LocalCertificateAuthority(certificate: certificate, privateKey: key)
    }

    static let role = "CA"

    init(certificate: Certificate, privateKey: P256.Signing.PrivateKey) {
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// True when this CA signed `certificate`.
    func signed(_ certificate: Certificate) -> Bool {
        certificate.issuer == self.certificate.subject
            && self.certificate.publicKey.isValidSignature(certificate.signature, for: certificate)
    }

    /// A TLS server certificate for `hosts`, valid for `validity` seconds (never beyond the CA's own expiry).
    func issueServerCertificate(hosts: Set<CertificateHost>, now: Date, validity: TimeInterval) throws
        -> ServerCertificate
    {
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let names = hosts.sorted { $0.description < $1.description }.map(\.generalName)
        let authorityKeyID =
            try certificate.extensions.subjectKeyIdentifier?.keyIdentifier
            ?? SubjectKeyIdentifier(hash: certificate.publicKey).keyIdentifier
        let leaf = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: now - Self.backdating, notValidAfter: min(now + validity, certificate.notValidAfter),
            issuer: certificate.subject,
            subject: try DistinguishedName {
                OrganizationName("fake-auth0")
                CommonName("localhost")
            },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectKeyIdentifier(hash: publicKey)
                AuthorityKeyIdentifier(keyIdentifier: authorityKeyID)
                SubjectAlternativeNames(names)
            },
            issuerPrivateKey: Certificate.PrivateKey(privateKey))
        return ServerCertificate(certificate: leaf, privateKey: key)
    }
}

extension CertificateHost {
    /// The `subjectAltName` entry for this host.
    var generalName: GeneralName {
        switch self {
        case .dns(let name): return .dnsName(name)
        case .ip(let bytes): return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes)))
        }
    }

    /// The host named by a `subjectAltName` entry; nil for kinds a server certificate does not use.
    init?(_ name: GeneralName) {
        switch name {
        case .dnsName(let dns): self = .dns(dns.lowercased())
        case .ipAddress(let octets): self = .ip(Array(octets.bytes))
        default: return nil
        }
    }
}
