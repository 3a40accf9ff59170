import COpenSSLCrypto
import Foundation

/// Signs RS256 (RSASSA-PKCS1-v1_5 with SHA-256) with the system OpenSSL's libcrypto, from the same PEM
/// private key the rest of the tenant reads with jwt-kit.
///
/// OpenSSL 3 has faster RSA code than the BoringSSL inside swift-crypto (on CPUs with AVX-512 IFMA about
/// twice as fast), and signing is what the token endpoint spends its time on. PKCS #1 v1.5 signatures are
/// deterministic, so the bytes are the ones jwt-kit would produce; verification stays with jwt-kit. The
/// key ring's public JWK is read from this key too.
///
/// Thread-safe: the key and a context set up for it once are only read after `init`; each signature
/// works on its own copy of that context.
final class OpenSSLRSASigner: Sendable {
    /// The `EVP_PKEY` read from the PEM; freed with the signer.
    private nonisolated(unsafe) let key: OpaquePointer
    /// An `EVP_MD_CTX` initialised for signing with SHA-256 and `key`, copied for each signature.
    private nonisolated(unsafe) let template: OpaquePointer
    /// The size of a signature in bytes (the modulus length).
    let signatureSize: Int

    /// Why a key or a signature was refused, with OpenSSL's own reason.
    struct Failure: Error, CustomStringConvertible {
        let description: String

        init(_ what: String) {
            let code = ERR_get_error()
            ERR_clear_error()
            guard code != 0 else {
                description = what
                return
            }
            var reason = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &reason, reason.count)
            description = what + ": " + reason.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        }
    }

    /// Reads an RSA private key (PKCS #1 or PKCS #8 PEM). Encrypted keys are refused, never prompted for.
    init(privateKeyPEM pem: String) throws {
        let bytes = Array(pem.utf8)
        let parsed: OpaquePointer? = bytes.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in -1 }, nil)
        }
        guard let parsed else { throw Failure("not a PEM private key") }
        guard EVP_PKEY_get_base_id(parsed) == EVP_PKEY_RSA else {
            EVP_PKEY_free(parsed)
            throw Failure("not an RSA key")
        }
        guard let context = EVP_MD_CTX_new() else {
            EVP_PKEY_free(parsed)
            throw Failure("out of memory")
        }
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, parsed) == 1 else {
            EVP_MD_CTX_free(context)
            EVP_PKEY_free(parsed)
            throw Failure("cannot sign with this key")
        }
        key = parsed
        template = context
        signatureSize = Int(EVP_PKEY_get_size(parsed))
    }

    deinit {
        EVP_MD_CTX_free(template)
        EVP_PKEY_free(key)
    }

    /// The RS256 signature of `message`.
    func sign(_ message: UnsafeRawBufferPointer) throws -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw Failure("out of memory") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_MD_CTX_copy_ex(context, template) == 1 else { throw Failure("cannot copy the signing context") }
        var length = signatureSize
        let signature = try [UInt8](unsafeUninitializedCapacity: signatureSize) { buffer, initialized in
            guard
                EVP_DigestSign(
                    context, buffer.baseAddress, &length, message.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    message.count) == 1
            else {
                initialized = 0
                throw Failure("RSA signing failed")
            }
            initialized = length
        }
        return signature
    }

    /// The public key's modulus and exponent, big-endian without leading zeros (a JWK's `n` and `e`).
    func publicKeyNumbers() throws -> (modulus: [UInt8], exponent: [UInt8]) {
        (try number("n"), try number("e"))
    }

    private func number(_ name: String) throws -> [UInt8] {
        var value: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key, name, &value) == 1, let value else {
            throw Failure("the key has no \(name)")
        }
        defer { BN_free(value) }
        let count = Int((BN_num_bits(value) + 7) / 8)
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = Int(BN_bn2bin(value, buffer.baseAddress))
        }
    }

    /// The RS256 signature of the UTF-8 bytes of `message`.
    func sign(_ message: String) throws -> [UInt8] {
        var message = message
        return try message.withUTF8 { try sign(UnsafeRawBufferPointer($0)) }
    }
}
