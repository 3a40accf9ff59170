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

    /// The PKCE check of a redemption (RFC 9700 §2.1.1): with a challenge the verifier must match it;
    /// without one a verifier is refused, so a code cannot be downgraded to no PKCE.
    static func accepts(verifier: String?, challenge: String?, method: String?) -> Bool {
        switch (challenge, verifier) {
        case (nil, nil): true
        case (let challenge?, let verifier?): verifies(verifier, challenge: challenge, method: method)
        default: false
        }
    }
}
