import Foundation
import JWTKit
import Synchronization

/// One RSA key of the tenant's key ring: its private key (PEM, for the state store), public JWK, the
/// signer that signs with it, a one-key collection that verifies its tokens (made at its first use:
/// most starts never verify a token, and jwt-kit reading the key is a millisecond of each start), and
/// the JOSE headers of the tokens it signs. Immutable: a rotation makes a new key, it never changes one.
final class RingKey: Sendable {
    /// The RFC 7638 thumbprint of the public key, the `kid` of its tokens.
    let kid: String
    let pem: String
    let jwk: PublicJWK
    /// When the key was made (tenant clock, seconds).
    let createdAt: Int
    /// OpenSSL's RS256 signer for this key: the one property the signing hot path uses.
    let signer: OpenSSLRSASigner
    /// The base64url JOSE header `{"alg":"RS256","kid":…,"typ":"JWT"}`.
    let headerSegment: String
    /// The same header with `"typ":"at+jwt"`, for RFC 9068 access tokens.
    let atJWTHeaderSegment: String
    private let verifierMade = Mutex<JWTKeyCollection?>(nil)

    /// A key from its PEM form; throws when the PEM is not an RSA private key.
    init(pem: String, createdAt: Int) throws {
        signer = try OpenSSLRSASigner(privateKeyPEM: pem)
        let (modulus, exponent) = try signer.publicKeyNumbers()
        jwk = PublicJWK(modulus: Data(modulus), exponent: Data(exponent))
        kid = jwk.kid
        self.pem = pem
        self.createdAt = createdAt
        let header: JSONValue = ["alg": "RS256", "kid": .string(jwk.kid), "typ": "JWT"]
        headerSegment = Data(header.jsonBytes).base64URLEncodedString()
        let atJWTHeader: JSONValue = ["alg": "RS256", "kid": .string(jwk.kid), "typ": "at+jwt"]
        atJWTHeaderSegment = Data(atJWTHeader.jsonBytes).base64URLEncodedString()
    }

    /// Verifies tokens carrying this key's `kid`.
    func verifier() async throws -> JWTKeyCollection {
        if let made = verifierMade.withLock({ $0 }) { return made }
        let collection = JWTKeyCollection()
        await collection.add(
            rsa: try JWTKit.Insecure.RSA.PrivateKey(pem: pem), digestAlgorithm: .sha256,
            kid: JWKIdentifier(string: kid))
        return verifierMade.withLock { made in
            if let first = made { return first }
            made = collection
            return collection
        }
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
        jwksJSON = Data(JSONValue.object(["keys": .array(([active] + retiring.map(\.key)).map(\.jwk.json))]).jsonBytes)
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
