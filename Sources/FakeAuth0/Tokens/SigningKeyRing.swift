import Crypto
import CryptoExtras
import Foundation
import JWTKit
import Synchronization

/// The tenant's RSA signing keys: the active one signs and comes first in the JWKS; after a rotation
/// the previous ones stay published (and keep verifying) for a grace period on the tenant clock, then
/// are dropped, and tokens they signed stop verifying.
///
/// The ring's state is an immutable `KeyRingSnapshot` swapped under a lock: signing reads it with one
/// lock and no clock; the JWKS bytes are the snapshot's, serialised once per change. Rotations are
/// written to the state store when the keys came from it, so they survive a restart.
public final class SigningKeyRing: Sendable {
    /// The most keys published at once (the active one and those in their grace period).
    public static let maxKeys = 5

    private let state: Mutex<KeyRingSnapshot>
    let clock: TenantClock
    /// Where rotations are kept; nil for a key the scenario pins.
    let store: StateStore?

    private init(snapshot: KeyRingSnapshot, clock: TenantClock, store: StateStore?) {
        state = Mutex(snapshot)
        self.clock = clock
        self.store = store
    }

    /// Builds a key ring from stored keys, the active one first; keys whose grace period is over at
    /// the clock's time are left out.
    convenience init(records: [SigningKeyRecord], clock: TenantClock, store: StateStore?) async throws {
        precondition(!records.isEmpty, "a key ring needs a key")
        let now = clock.nowSeconds()
        let active = try RingKey(pem: records[0].pem, createdAt: records[0].createdAt)
        var retiring: [(key: RingKey, until: Int)] = []
        for record in records.dropFirst() {
            guard let until = record.retiresAt, until > now else { continue }
            retiring.append((try RingKey(pem: record.pem, createdAt: record.createdAt), until))
        }
        self.init(snapshot: try KeyRingSnapshot(active: active, retiring: retiring), clock: clock, store: store)
    }

    /// A ring with this one's keys as they are now, for another tenant (its own clock and store):
    /// rotating either one leaves the other as it is.
    func sharing(clock: TenantClock, store: StateStore?) -> SigningKeyRing {
        SigningKeyRing(snapshot: current(), clock: clock, store: store)
    }

    /// The snapshot with the keys whose grace period is over dropped (and forgotten by the store).
    func current() -> KeyRingSnapshot {
        let snapshot = state.withLock { $0 }
        guard let nextDrop = snapshot.nextDrop else { return snapshot }
        let now = clock.nowSeconds()
        if now < nextDrop { return snapshot }
        let (pruned, dropped): (KeyRingSnapshot, [String]) = state.withLock { state in
            guard let due = state.nextDrop, now >= due, let pruned = try? state.dropping(at: now) else {
                return (state, [])
            }
            let dropped = state.retiring.map(\.key.kid).filter { pruned.byKID[$0] == nil }
            state = pruned
            return (pruned, dropped)
        }
        if !dropped.isEmpty { try? store?.deleteSigningKeys(dropped) }
        return pruned
    }

    /// The `kid` of the key that signs new tokens.
    public var activeKeyID: String { state.withLock { $0.active.kid } }

    /// The JWKS document (`{"keys":[…]}`) of the keys published now, the active one first.
    public var jwksJSON: Data { current().jwksJSON }

    /// The published keys, the active one first, with when each retiring one is dropped.
    public var publishedKeys: [PublishedSigningKey] {
        let snapshot = current()
        return [PublishedSigningKey(kid: snapshot.active.kid, active: true, dropsAt: nil)]
            + snapshot.retiring.map { PublishedSigningKey(kid: $0.key.kid, active: false, dropsAt: $0.until) }
    }

    /// Makes a new key the active one (first in the JWKS). The previous active key stays published and
    /// keeps verifying for `graceSeconds` (0: dropped at once) on the tenant clock; keys already in
    /// their grace period keep theirs. Refused, with nothing changed, when `graceSeconds` is outside
    /// 0…ten years or the ring would publish more than `maxKeys` keys.
    @discardableResult
    public func rotate(graceSeconds: Int) async throws(OAuthError) -> SigningKeyRotation {
        guard (0...Limits.maxSeconds).contains(graceSeconds) else {
            throw .invalidRequest("grace_seconds must be a whole number between 0 and \(Limits.maxSeconds)")
        }
        let now = clock.nowSeconds()
        let key = try await internalStep("making a signing key") {
            try RingKey(pem: try await Self.generatePrivateKeyPEMOffPool(), createdAt: now)
        }
        _ = current()
        let result: Result<SigningKeyRotation, OAuthError> = state.withLock { state in
            var retiring = state.retiring
            if graceSeconds > 0 { retiring.insert((state.active, now + graceSeconds), at: 0) }
            guard retiring.count + 1 <= Self.maxKeys else {
                return .failure(
                    .invalidRequest(
                        "At most \(Self.maxKeys) signing keys can be published at once; rotate with grace_seconds 0"
                            + " or let a grace period end first"))
            }
            do {
                let next = try KeyRingSnapshot(active: key, retiring: retiring)
                try store?.replaceSigningKeys(next.records)
                let rotation = SigningKeyRotation(
                    kid: key.kid, previousKID: state.active.kid,
                    previousDropsAt: graceSeconds > 0 ? now + graceSeconds : now)
                state = next
                return .success(rotation)
            } catch {
                return .failure(.serverError("storing the signing keys failed: \(error)"))
            }
        }
        return try result.get()
    }

    /// Signs `claims` with the active key: an RS256 JWS in compact form with `kid` in the header and the
    /// claims' keys sorted.
    ///
    /// The signature comes from the system OpenSSL (`OpenSSLRSASigner`, the same bytes jwt-kit would
    /// make, faster); no hop through `JWTKeyCollection`'s actor on the token endpoint's hot path.
    public func sign(_ claims: ClaimSet, rfc9068: Bool = false) throws -> String {
        let key = state.withLock { $0.active }
        let signingInput =
            (rfc9068 ? key.atJWTHeaderSegment : key.headerSegment) + "."
            + Data(try claimsJSON(claims)).base64URLEncodedString()
        let signature = try key.signer.sign(signingInput)
        return signingInput + "." + Data(signature).base64URLEncodedString()
    }

    /// The payload's JSON: compact, keys sorted (so a token's bytes depend on its claims alone).
    private func claimsJSON(_ claims: ClaimSet) throws -> [UInt8] {
        guard let bytes = JSONValueWriter.bytes(of: .object(claims.claims)) else {
            throw EncodingError.invalidValue(
                claims, .init(codingPath: [], debugDescription: "the claims hold a number JSON cannot write"))
        }
        return bytes
    }

    /// Verifies a token's signature against the keys published now and returns its claims.
    /// Only `RS256` with the `kid` of one of them is accepted: a dropped key's tokens no longer verify.
    public func verifySignature(_ token: String) async throws -> ClaimSet {
        guard let header = JOSEHeader(token: token), header.alg == "RS256", let kid = header.kid,
            let key = current().byKID[kid]
        else { throw UnacceptedJOSEHeader() }
        return try await key.verifier().verify(token, as: ClaimSet.self)
    }

    /// Makes a new RSA-2048 private key in PEM form.
    public static func generatePrivateKeyPEM() throws -> String {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        return key.pemRepresentation
    }

    /// `generatePrivateKeyPEM` on a Dispatch thread: RSA generation takes long enough (up to seconds
    /// on a busy machine) that it must not hold one of the few threads every request's task runs on.
    static func generatePrivateKeyPEMOffPool() async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try generatePrivateKeyPEM() }) }
        }
    }
}

/// A key of the JWKS as the control API lists it.
public struct PublishedSigningKey: Sendable, Equatable {
    public var kid: String
    /// Whether it signs new tokens.
    public var active: Bool
    /// When it is dropped from the JWKS (tenant clock, seconds since 1970); nil for the active key.
    public var dropsAt: Int?
}

/// What a rotation did.
public struct SigningKeyRotation: Sendable, Equatable {
    /// The new active key.
    public var kid: String
    /// The key that signed before.
    public var previousKID: String
    /// When the previous key leaves the JWKS (now, for a rotation without grace).
    public var previousDropsAt: Int
}

/// The public half of a signing key as a JWK, with an RFC 7638 thumbprint as its `kid`.
struct PublicJWK: Codable, Equatable {
    var kty = "RSA"
    var use = "sig"
    var alg = "RS256"
    var kid: String
    var n: String
    var e: String

    /// The JWK of the RSA public key with these numbers (big-endian, no leading zeros).
    init(modulus: Data, exponent: Data) {
        n = modulus.base64URLEncodedString()
        e = exponent.base64URLEncodedString()
        let thumbprintInput = #"{"e":"\#(e)","kty":"RSA","n":"\#(n)"}"#
        kid = Data(SHA256.hash(data: Data(thumbprintInput.utf8))).base64URLEncodedString()
    }

    /// The JWK as the JWKS document lists it.
    var json: JSONValue {
        [
            "kty": .string(kty), "use": .string(use), "alg": .string(alg), "kid": .string(kid), "n": .string(n),
            "e": .string(e),
        ]
    }
}

extension Data {
    /// Base64url without padding, as JOSE uses it.
    func base64URLEncodedString() -> String {
        #if canImport(FoundationEssentials)
            // swift-foundation encodes base64url itself: no second pass over the text.
            base64EncodedString(options: [.base64URLAlphabet, .omitPaddingCharacter])
        #else
            var bytes = Array(base64EncodedString().utf8)
            while bytes.last == UInt8(ascii: "=") { bytes.removeLast() }
            for index in bytes.indices {
                if bytes[index] == UInt8(ascii: "+") { bytes[index] = UInt8(ascii: "-") }
                if bytes[index] == UInt8(ascii: "/") { bytes[index] = UInt8(ascii: "_") }
            }
            return String(decoding: bytes, as: UTF8.self)
        #endif
    }
}
