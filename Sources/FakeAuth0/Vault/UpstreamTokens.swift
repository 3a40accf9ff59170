import Crypto
import Foundation

/// Opaque upstream tokens that look like the provider's own, so logs and assertions read naturally:
/// `ya29.` (Google), `gho_` (GitHub), `xoxp-` (Slack), `00D…!` (Salesforce), `EwB` (Microsoft).
enum UpstreamTokens {
    static func accessToken(for connection: ConnectionConfig?) -> String {
        switch connection?.upstream ?? .other {
        case .google: RandomToken.make(prefix: "ya29.fake-", bytes: 36)
        case .github: RandomToken.make(prefix: "gho_", bytes: 27)
        case .slack: RandomToken.make(prefix: "xoxp-fake-", bytes: 30)
        case .salesforce: RandomToken.make(prefix: "00DFAKE0000000!", bytes: 36)
        case .microsoft: RandomToken.make(prefix: "EwBfake", bytes: 48)
        case .other: RandomToken.make(prefix: "fake-upstream-", bytes: 30)
        }
    }

    static func refreshToken(for connection: ConnectionConfig?) -> String {
        switch connection?.upstream ?? .other {
        case .google: RandomToken.make(prefix: "1//fake-", bytes: 36)
        case .github: RandomToken.make(prefix: "ghr_", bytes: 36)
        case .slack: RandomToken.make(prefix: "xoxe-1-fake-", bytes: 36)
        case .salesforce: RandomToken.make(prefix: "5Aep861fake", bytes: 36)
        case .microsoft: RandomToken.make(prefix: "M.C5fake", bytes: 48)
        case .other: RandomToken.make(prefix: "fake-upstream-rt-", bytes: 30)
        }
    }

    /// A stable id for a seeded account, so restarts find the same row.
    static func seededAccountID(user: String, connection: String, index: Int) -> String {
        let digest = SHA256.hash(data: Data("\(user)|\(connection)|\(index)".utf8))
        return "cac_" + Data(digest).base64URLEncodedString().prefix(20)
    }
}
