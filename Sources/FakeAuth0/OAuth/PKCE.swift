import Crypto
import Foundation

/// Proof Key for Code Exchange (RFC 7636), shared by the authorization-code grant and Connected Accounts.
enum PKCE {
    /// Whether `verifier` matches `challenge` under `method` (`S256`, or `plain`).
    static func verifies(_ verifier: String, challenge: String, method: String?) -> Bool {
        let derived =
            method == "plain" ? verifier : Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncodedString()
        return derived == challenge
    }
}
