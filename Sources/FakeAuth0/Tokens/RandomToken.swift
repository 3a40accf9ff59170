import Crypto
import Foundation

/// Opaque random strings for refresh tokens, codes and request ids.
enum RandomToken {
    /// `bytes` random bytes, base64url-encoded, after an optional prefix.
    static func make(prefix: String = "", bytes: Int = 32) -> String {
        let key = SymmetricKey(size: .init(bitCount: bytes * 8))
        return prefix + key.withUnsafeBytes { Data($0) }.base64URLEncodedString()
    }

    /// Random bytes drawn at once for many tokens (the scenario's seeded accounts: one draw from the
    /// system instead of one per token); each token takes fresh bytes, none is reused.
    struct Batch {
        private let key: SymmetricKey
        private var offset = 0

        /// Room for tokens of `bytes` random bytes in all.
        init(bytes: Int) { key = SymmetricKey(size: .init(bitCount: max(bytes, 1) * 8)) }

        /// Like `RandomToken.make`; past the drawn bytes, it draws its own.
        mutating func make(prefix: String, bytes: Int) -> String {
            guard offset + bytes <= key.bitCount / 8 else { return RandomToken.make(prefix: prefix, bytes: bytes) }
            defer { offset += bytes }
            return prefix + key.withUnsafeBytes { Data($0[offset..<offset + bytes]) }.base64URLEncodedString()
        }
    }
}
