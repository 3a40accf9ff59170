import Crypto
import Foundation

/// How the journal names a token without holding it: the first 12 hex digits of its SHA-256.
public enum JournalFingerprint {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func of(_ token: String) -> String {
        var text = Array("sha256:".utf8)
        for byte in SHA256.hash(data: Data(token.utf8)).prefix(6) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xf)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
