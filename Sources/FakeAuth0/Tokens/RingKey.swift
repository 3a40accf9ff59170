import Foundation
import JWTKit

/// One RSA key of the tenant's key ring: its private key (PEM, for the state store), public JWK, the
/// signer that signs with it, a one-key collection that verifies its tokens, and the JOSE headers of
/// the tokens it signs. Immutable: a rotation makes a new key, it never changes one.
final class RingKey: Sendable {
    /// The RFC 7638 thumbprint of the public key, the `kid` of its tokens.
    let kid: String
    let pem: String
    let jwk: PublicJWK
    /// When the key was made (tenant clock, seconds).
    let createdAt: Int
    /// OpenSSL's RS256 signer for this key: the one property the signing hot path uses.
    let signer: OpenSSLRSASigner
    /// Verifies tokens carrying this key's `kid`.
    let verifier: JWTKeyCollection
    /// The base64url JOSE header `{"alg":"RS256","kid":…,"typ":"JWT"}`.
    let headerSegment: String
    /// The same header with `"typ":"at+jwt"`, for RFC 9068 access tokens.
    let atJWTHeaderSegment: String

    /// A key from its PEM form; throws when the PEM is not an RSA private key.
    init(pem: String, createdAt: Int) async throws {
        let key = try JWTKit.Insecure.RSA.PrivateKey(pem: pem)
        let jwk = try PublicJWK(publicKey: key.publicKey)
        let identifier = JWKIdentifier(string: jwk.kid)
        let collection = JWTKeyCollection()
        await collection.add(rsa: key, digestAlgorithm: .sha256, kid: identifier)
        self.kid = jwk.kid
        self.pem = pem
        self.jwk = jwk
        self.createdAt = createdAt
        self.verifier = collection
        self.signer = try OpenSSLRSASigner(privateKeyPEM: pem)
        let header: JSONValue = ["alg": "RS256", "kid": .string(jwk.kid), "typ": "JWT"]
        headerSegment = try JSONEncoder.compact.encode(header).base64URLEncodedString()
        let atJWTHeader: JSONValue = ["alg": "RS256", "kid": .string(jwk.kid), "typ": "at+jwt"]
        atJWTHeaderSegment = try JSONEncoder.compact.encode(atJWTHeader).base64URLEncodedString()
    }
}

/// The key ring at one moment: the active key first, then the keys still published for a grace
/// period with the instant each is dropped. Immutable and shared by reference, so signing takes one
/// lock to read it and nothing else; the JWKS bytes belong to it, so the JWKS served always matches
/// the keys that verify.
final class KeyRingSnapshot: Sendable {
    /// The key that signs, first in the JWKS.
    let active: RingKey
    /// Keys kept after a rotation, newest first, each with its drop time (tenant clock, seconds).
    let retiring: [(key: RingKey, until: Int)]
    /// Every published key by `kid`.
    let byKID: [String: RingKey]
    /// The JWKS document (`{"keys":[…]}`), ready to serve.
    let jwksJSON: Data
    /// The earliest drop time of a retiring key; nil when none retires.
    let nextDrop: Int?

    init(active: RingKey, retiring: [(key: RingKey, until: Int)]) throws {
        self.active = active
        self.retiring = retiring
        var byKID = [active.kid: active]
        for (key, _) in retiring { byKID[key.kid] = key }
        self.byKID = byKID
        jwksJSON = try JSONEncoder.compact.encode(["keys": [active.jwk] + retiring.map(\.key.jwk)])
        nextDrop = retiring.map(\.until).min()
    }

    /// This ring without the keys whose grace period is over at `now`.
    func dropping(at now: Int) throws -> KeyRingSnapshot {
        try KeyRingSnapshot(active: active, retiring: retiring.filter { $0.until > now })
    }

    /// The keys as the state store keeps them, active first.
    var records: [SigningKeyRecord] {
        [SigningKeyRecord(kid: active.kid, pem: active.pem, createdAt: active.createdAt, retiresAt: nil)]
            + retiring.map {
                SigningKeyRecord(kid: $0.key.kid, pem: $0.key.pem, createdAt: $0.key.createdAt, retiresAt: $0.until)
            }
    }
}
