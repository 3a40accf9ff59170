import Crypto
import Foundation

/// Opaque upstream tokens that look like the provider's own, so logs and assertions read naturally:
/// `ya29.` (Google), `gho_` (GitHub), `xoxp-` (Slack), `00D…!` (Salesforce), `EwB` (Microsoft).
enum UpstreamTokens {
    /// The most random bytes one account's two tokens take.
    static let maxBytesPerAccount = 96

    static func accessToken(
        for connection: ConnectionConfig?,
        random: (_ prefix: String, _ bytes: Int) -> String = { RandomToken.make(prefix: $0, bytes: $1) }
    ) -> String {
        switch connection?.upstream ?? .other {
        case .google: random("ya29.fake-", 36)
        case .github: random("gho_", 27)
        case .slack: random("xoxp-fake-", 30)
        case .salesforce: random("00DFAKE0000000!", 36)
        case .microsoft: random("EwBfake", 48)
        case .other: random("fake-upstream-", 30)
        }
    }

    static func refreshToken(
        for connection: ConnectionConfig?,
        random: (_ prefix: String, _ bytes: Int) -> String = { RandomToken.make(prefix: $0, bytes: $1) }
    ) -> String {
        switch connection?.upstream ?? .other {
        case .google: random("1//fake-", 36)
        case .github: random("ghr_", 36)
        case .slack: random("xoxe-1-fake-", 36)
        case .salesforce: random("5Aep861fake", 36)
        case .microsoft: random("M.C5fake", 48)
        case .other: random("fake-upstream-rt-", 30)
        }
    }

    /// A stable id for a seeded account, so restarts find the same row.
    static func seededAccountID(user: String, connection: String, index: Int) -> String {
        let digest = SHA256.hash(data: Data("\(user)|\(connection)|\(index)".utf8))
        return "cac_" + Data(digest).base64URLEncodedString().prefix(20)
    }
}
