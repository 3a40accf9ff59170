import Crypto
import Foundation

/// Compares client secrets in constant time: both sides are MACed with a key made at start and the
/// MACs compared with swift-crypto's constant-time check, so how long a refusal takes says nothing
/// about how much of a guess was right (or how long the secret is).
public enum SecretComparison {
    private static let key = SymmetricKey(size: .bits256)

    /// Whether `presented` equals `expected`, byte for byte.
    public static func matches(_ presented: String, _ expected: String) -> Bool {
        let expectedMAC = HMAC<SHA256>.authenticationCode(for: Data(expected.utf8), using: key)
        return HMAC<SHA256>.isValidAuthenticationCode(expectedMAC, authenticating: Data(presented.utf8), using: key)
    }
}
