import Crypto
import Foundation

/// Opaque upstream tokens that look like the provider's own, so logs and assertions read naturally:
/// `ya29.` (Google), `gho_` (GitHub), `xoxp-` (Slack), `00D…!` (Salesforce), `EwB` (Microsoft).
enum UpstreamTokens {
    /// The most random bytes one account's two tokens take.
    static let maxBytesPerAccount = 96

    /// Each provider's token prefixes and random byte counts: the access token's, then the refresh token's.
    static func shapes(_ kind: UpstreamKind) -> (access: (String, Int), refresh: (String, Int)) {
        switch kind {
        case .google: (("ya29.fake-", 36), ("1//fake-", 36))
        case .github: (("gho_", 27), ("ghr_", 36))
        case .slack: (("xoxp-fake-", 30), ("xoxe-1-fake-", 36))
        case .salesforce: (("00DFAKE0000000!", 36), ("5Aep861fake", 36))
        case .microsoft: (("EwBfake", 48), ("M.C5fake", 48))
        case .other: (("fake-upstream-", 30), ("fake-upstream-rt-", 30))
        }
    }

    static func accessToken(
        for connection: ConnectionConfig?,
        random: (_ prefix: String, _ bytes: Int) -> String = { RandomToken.make(prefix: $0, bytes: $1) }
    ) -> String {
        accessToken(for: connection?.upstream ?? .other, random: random)
    }

    static func accessToken(for kind: UpstreamKind, random: (_ prefix: String, _ bytes: Int) -> String) -> String {
        let (prefix, bytes) = shapes(kind).access
        return random(prefix, bytes)
    }

    static func refreshToken(
        for connection: ConnectionConfig?,
        random: (_ prefix: String, _ bytes: Int) -> String = { RandomToken.make(prefix: $0, bytes: $1) }
    ) -> String {
        refreshToken(for: connection?.upstream ?? .other, random: random)
    }

    static func refreshToken(for kind: UpstreamKind, random: (_ prefix: String, _ bytes: Int) -> String) -> String {
        let (prefix, bytes) = shapes(kind).refresh
        return random(prefix, bytes)
    }

    /// A stable id for a seeded account, so restarts find the same row.
    static func seededAccountID(user: String, connection: String, index: Int) -> String {
        var input = "\(user)|\(connection)|\(index)"
        let digest = input.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
        // The first 20 characters of the digest's base64url: those of its first 15 bytes (5 whole groups).
        // Copied out of the digest's bytes: `Data(digest.prefix(15))` costs the first call milliseconds of
        // the runtime's conformance lookups for that generic sequence.
        let prefix = digest.withUnsafeBytes { bytes in
            bytes.baseAddress.map { Data(bytes: $0, count: min(15, bytes.count)) } ?? Data()
        }
        return "cac_" + prefix.base64URLEncodedString()
    }
}
