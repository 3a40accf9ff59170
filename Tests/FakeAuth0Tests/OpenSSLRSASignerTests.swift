import Crypto
import CryptoExtras
import Foundation
import JWTKit
import Testing

@testable import FakeAuth0

@Suite("RS256 signing through the system OpenSSL")
struct OpenSSLRSASignerTests {
    static let message = #"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhdXRoMHxhbGljZSJ9"#

    /// PKCS #1 v1.5 is deterministic: OpenSSL's signature is byte for byte swift-crypto's.
    @Test("the signature is the one swift-crypto makes, for PKCS #1 and PKCS #8 PEM")
    func sameSignatureAsSwiftCrypto() throws {
        let key = try _RSA.Signing.PrivateKey(pemRepresentation: TestKeys.signing)
        let expected = try key.signature(
            for: SHA256.hash(data: Data(Self.message.utf8)), padding: .insecurePKCS1v1_5
        ).rawRepresentation
        for pem in [key.pemRepresentation, key.pkcs8PEMRepresentation] {
            let signer = try OpenSSLRSASigner(privateKeyPEM: pem)
            #expect(signer.signatureSize == 256)
            #expect(Data(try signer.sign(Self.message)) == expected)
        }
    }

    /// The key ring reads its JWK through OpenSSL: the same numbers, `kid` and JWKS bytes as jwt-kit's
    /// key and `JSONEncoder` give, for a PKCS #1 and a PKCS #8 PEM.
    @Test("the public JWK and the JWKS read through OpenSSL are jwt-kit's")
    func publicJWKAsJWTKitReadsIt() throws {
        let key = try _RSA.Signing.PrivateKey(pemRepresentation: TestKeys.signing)
        for pem in [key.pemRepresentation, key.pkcs8PEMRepresentation] {
            let (modulus, exponent) = try JWTKit.Insecure.RSA.PrivateKey(pem: pem).publicKey.getKeyPrimitives()
            let expected = PublicJWK(modulus: modulus, exponent: exponent)
            let numbers = try OpenSSLRSASigner(privateKeyPEM: pem).publicKeyNumbers()
            #expect(Data(numbers.modulus) == modulus && Data(numbers.exponent) == exponent)
            let ring = try KeyRingSnapshot(active: try RingKey(pem: pem, createdAt: 0), retiring: [])
            #expect(ring.active.jwk == expected)
            #expect(ring.jwksJSON == (try JSONEncoder.compact.encode(["keys": [expected]])))
            let header: [String: String] = ["alg": "RS256", "kid": expected.kid, "typ": "JWT"]
            #expect(ring.active.headerSegment == (try JSONEncoder.compact.encode(header)).base64URLEncodedString())
        }
    }

    @Test("jwt-kit verifies a token signed by OpenSSL")
    func jwtKitVerifies() async throws {
        let signer = try OpenSSLRSASigner(privateKeyPEM: TestKeys.signing)
        let header = Data(#"{"alg":"RS256","typ":"JWT"}"#.utf8).base64URLEncodedString()
        let payload = Data(#"{"sub":"auth0|alice","exp":4102444800}"#.utf8).base64URLEncodedString()
        let input = header + "." + payload
        let token = input + "." + Data(try signer.sign(input)).base64URLEncodedString()
        let keys = try await JWTKeyCollection().add(
            rsa: JWTKit.Insecure.RSA.PrivateKey(pem: TestKeys.signing).publicKey, digestAlgorithm: .sha256)
        let claims = try await keys.verify(token, as: ClaimSet.self)
        #expect(claims.subject == "auth0|alice")
    }

    @Test("many tasks sign with one signer at once, each getting the right signature")
    func concurrentSigning() async throws {
        let signer = try OpenSSLRSASigner(privateKeyPEM: TestKeys.signing)
        let key = try _RSA.Signing.PrivateKey(pemRepresentation: TestKeys.signing).publicKey
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let message = "message \(index)"
                    let signature = try signer.sign(message)
                    return key.isValidSignature(
                        _RSA.Signing.RSASignature(rawRepresentation: signature),
                        for: SHA256.hash(data: Data(message.utf8)),
                        padding: .insecurePKCS1v1_5)
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 })
    }

    @Test("keys that are not unencrypted RSA private keys are refused, without a password prompt")
    func refusedKeys() throws {
        let ecKey = P256.Signing.PrivateKey().pemRepresentation
        #expect(throws: OpenSSLRSASigner.Failure.self) { try OpenSSLRSASigner(privateKeyPEM: ecKey) }
        #expect(throws: OpenSSLRSASigner.Failure.self) { try OpenSSLRSASigner(privateKeyPEM: "not a key") }
        let publicOnly = try _RSA.Signing.PrivateKey(pemRepresentation: TestKeys.signing).publicKey.pemRepresentation
        #expect(throws: OpenSSLRSASigner.Failure.self) { try OpenSSLRSASigner(privateKeyPEM: publicOnly) }
        #expect(throws: OpenSSLRSASigner.Failure.self) { try OpenSSLRSASigner(privateKeyPEM: Self.encryptedKey) }
    }

    /// A throwaway 1024-bit RSA key encrypted with the passphrase "secret".
    static let encryptedKey = """
        -----BEGIN ENCRYPTED PRIVATE KEY-----
        MIIC3TBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQIrPTcny7WhvMCAggA
        MAwGCCqGSIb3DQIJBQAwHQYJYIZIAWUDBAECBBB0ywrqSNQVs8gLUIav2HsgBIIC
        gHJYIiSSlaR3Fm0QI0tBGd7D44/YkrGm+HAThpVNPdp98847Tz0YANKtTvTvFUYF
        CThbknsqMW+Yp9YZODnTllwyXATkuWSZ5DkAa1RZrcBQeltAT1U6h58pP8qDroWH
        AU0JGebZPcmpkO9T3jDLhe3sytauw8JmSY3fkdvlomn0Q1SQTW8l81wHHQRD2NbL
        A2p3zhDtqfSZKgp4pirXAymOwuqVNBIlN+ZEUYja2pyWjS59lPB9Do5gthjh03pz
        pNlVIYv2VqSYASIJ6eO4TJkHU+/p9tkWoZd2rwrJDWDRAOdkpm1vJ0GHdb5D9FQ9
        P7jNVSLuyVw1hi4J5H3vfi8/ntiia+O+/9mEh07ZsGg2gJFt5I4/V6VHElI2B3c7
        5JfkQFVdOFZ8J0q5YCgRo870YKr64pz1J47XCVIURLVDl83cRuauke/xlKjGJdR5
        wgmHYHKKscIP/dlqGY7g7bVRNhtR0KvwTLloiYt5WmXrjgCheMhyuAjFRcVSmSAP
        SZySwVZzGBVOIzb0g78v8Mopchbv5GTuDrSzifPOXMPqCefVMTW2Q38ldC6WXc67
        C5adLchKF/tYfPqifOQmu4FWFlcfJ7oCDIhO/jRdxfFasXMKlNcyrpiufzWWNClY
        kt/QRsWQbHOT3rTYWcVfPX/wDKodjD7aJRls8HuzQGOlKrog3fFUhG9NctBTPYHF
        QxTv+6xG84VFuouhFQ5wVu3ydv71o4BKl0VDNg38RWkUDBiY+DtTJmPLXERPoasi
        Kok+GIZeeNP0wNHaEM/rmDA4iEo9Jfsqy5JlMLkZ6nzVJYrrTs7WlhEtdgWVEGzh
        Yk28Z7lOXhf0NjdZM1nWXnA=
        -----END ENCRYPTED PRIVATE KEY-----
        """
}
