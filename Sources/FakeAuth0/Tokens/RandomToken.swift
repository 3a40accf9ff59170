import Crypto
import Foundation

/// Opaque random strings for refresh tokens, codes and request ids.
enum RandomToken {
    /// `bytes` random bytes, base64url-encoded, after an optional prefix.
    static func make(prefix: String = "", bytes: Int = 32) -> String {
        let key = SymmetricKey(size: .init(bitCount: bytes * 8))
        return prefix + key.withUnsafeBytes { Data($0) }.base64URLEncodedString()
    }

    /// Random bytes drawn at once for many tokens (the scenario's seeded accounts): one read of the
    /// kernel's generator (`/dev/urandom`), where `make` asks it for 8 bytes at a time; each token
    /// takes fresh bytes, none is reused.
    struct Batch {
        private let bytes: Data
        private var offset = 0

        /// Room for tokens of `count` random bytes in all.
        init(bytes count: Int) {
            let count = max(count, 1)
            let handle = FileHandle(forReadingAtPath: "/dev/urandom")
            defer { try? handle?.close() }
            if let read = try? handle?.read(upToCount: count), read.count == count {
                bytes = read
            } else {
                bytes = SymmetricKey(size: .init(bitCount: count * 8)).withUnsafeBytes { Data($0) }
            }
        }

        /// Like `RandomToken.make`; past the drawn bytes, it draws its own.
        mutating func make(prefix: String, bytes count: Int) -> String {
            guard offset + count <= bytes.count else { return RandomToken.make(prefix: prefix, bytes: count) }
            defer { offset += count }
            let start = bytes.startIndex + offset
            return prefix + bytes[start..<start + count].base64URLEncodedString()
        }
    }
}
