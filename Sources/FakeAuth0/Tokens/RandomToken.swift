import Crypto
import Foundation

/// Opaque random strings for refresh tokens, codes and request ids.
enum RandomToken {
    /// `bytes` random bytes, base64url-encoded, after an optional prefix.
    static func make(prefix: String = "", bytes: Int = 32) -> String {
        let key = SymmetricKey(size: .init(bitCount: bytes * 8))
        return prefix + key.withUnsafeBytes { Data($0) }.base64URLEncodedString()
    }
}
