import Crypto
import CryptoExtras
import Foundation
import JWTKit

/// The tenant's RSA signing keys: the active one signs, all of them are published in the JWKS.
///
/// The JWKS document is serialised once, when the key set is built, and served as bytes.
public final class SigningKeyRing: Sendable {
    /// The `kid` of the key that signs new tokens.
    public let activeKeyID: String
    /// The `kid`s of every key in the ring.
    let keyIDs: Set<String>
    /// The JWKS document (`{"keys":[…]}`), ready to serve.
    public let jwksJSON: Data
    let collection: JWTKeyCollection
    /// jwt-kit's RS256 signer for the active key, used without the collection's actor on the hot path.
    let activeSigner: any JWTAlgorithm
    /// The base64url JOSE header of every token: `{"alg":"RS256","kid":…,"typ":"JWT"}`.
    let headerSegment: String
    /// The same header with `"typ":"at+jwt"`, for RFC 9068 access tokens.
    let atJWTHeaderSegment: String

    /// Builds a key ring from PEM private keys; the first one is active.
    init(privateKeyPEMs: [String]) async throws {
        precondition(!privateKeyPEMs.isEmpty, "a key ring needs a key")
        let collection = JWTKeyCollection()
        var jwks: [PublicJWK] = []
        var firstKID: String?
        for pem in privateKeyPEMs {
            let key = try JWTKit.Insecure.RSA.PrivateKey(pem: pem)
            let jwk = try PublicJWK(publicKey: key.publicKey)
            firstKID = firstKID ?? jwk.kid
            await collection.add(rsa: key, digestAlgorithm: .sha256, kid: JWKIdentifier(string: jwk.kid))
            jwks.append(jwk)
        }
        self.collection = collection
        self.keyIDs = Set(jwks.map(\.kid))
        self.activeKeyID = firstKID!
        self.jwksJSON = try JSONEncoder.compact.encode(["keys": jwks])
        self.activeSigner = try await collection.getKey(for: JWKIdentifier(string: firstKID!))
        let header: JSONValue = ["alg": "RS256", "kid": .string(firstKID!), "typ": "JWT"]
        self.headerSegment = try JSONEncoder.compact.encode(header).base64URLEncodedString()
        let atJWTHeader: JSONValue = ["alg": "RS256", "kid": .string(firstKID!), "typ": "at+jwt"]
        self.atJWTHeaderSegment = try JSONEncoder.compact.encode(atJWTHeader).base64URLEncodedString()
    }

    /// Signs `claims` with the active key: an RS256 JWS in compact form with `kid` in the header.
    ///
    /// The signature comes from jwt-kit's signer; only the compact serialisation is assembled here,
    /// so signing needs no hop through `JWTKeyCollection`'s actor (the token endpoint's hot path).
    public func sign(_ claims: ClaimSet, rfc9068: Bool = false) throws -> String {
        let signingInput =
            (rfc9068 ? atJWTHeaderSegment : headerSegment) + "."
            + (try JSONEncoder.claims.encode(claims)).base64URLEncodedString()
        let signature = try activeSigner.sign(Array(signingInput.utf8))
        return signingInput + "." + Data(signature).base64URLEncodedString()
    }

    /// Verifies a token's signature against the tenant's keys and returns its claims.
    /// Only `RS256` with the `kid` of one of the tenant's keys is accepted.
    public func verifySignature(_ token: String) async throws -> ClaimSet {
        guard let header = JOSEHeader(token: token), header.alg == "RS256", let kid = header.kid, keyIDs.contains(kid)
        else { throw UnacceptedJOSEHeader() }
        return try await collection.verify(token, as: ClaimSet.self)
    }

    /// Makes a new RSA-2048 private key in PEM form.
    public static func generatePrivateKeyPEM() throws -> String {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        return key.pemRepresentation
    }

}

/// The public half of a signing key as a JWK, with an RFC 7638 thumbprint as its `kid`.
struct PublicJWK: Codable, Equatable {
    var kty = "RSA"
    var use = "sig"
    var alg = "RS256"
    var kid: String
    var n: String
    var e: String

    init(publicKey: JWTKit.Insecure.RSA.PublicKey) throws {
        let (modulus, exponent) = try publicKey.getKeyPrimitives()
        n = modulus.base64URLEncodedString()
        e = exponent.base64URLEncodedString()
        let thumbprintInput = #"{"e":"\#(e)","kty":"RSA","n":"\#(n)"}"#
        kid = Data(SHA256.hash(data: Data(thumbprintInput.utf8))).base64URLEncodedString()
    }
}

extension Data {
    /// Base64url without padding, as JOSE uses it.
    func base64URLEncodedString() -> String {
        var bytes = Array(base64EncodedString().utf8)
        while bytes.last == UInt8(ascii: "=") { bytes.removeLast() }
        for index in bytes.indices {
            if bytes[index] == UInt8(ascii: "+") { bytes[index] = UInt8(ascii: "-") }
            if bytes[index] == UInt8(ascii: "/") { bytes[index] = UInt8(ascii: "_") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
