import Foundation

/// Salesforce record ids: a three-character key prefix (`006` for opportunities), twelve
/// case-sensitive characters, and the three-character suffix that makes the 18-character form
/// case-insensitive.
public enum SalesforceIDs {
    public static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    static let suffixAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")

    /// A stable id derived from `seed`.
    public static func derived(prefix: String, seed: String) -> String {
        // FNV-1a over the seed, stirred once per character: stable across runs and platforms.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in seed.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        var characters = ""
        for index in 0..<11 {
            hash ^= UInt64(index) &+ 0x9e37_79b9_7f4a_7c15
            hash = (hash ^ (hash >> 29)) &* 0xbf58_476d_1ce4_e5b9
            characters.append(alphabet[Int(hash >> 58) % alphabet.count])
        }
        return withSuffix(prefix + "0" + characters)
    }

    /// A fresh random id.
    public static func random(prefix: String) -> String {
        withSuffix(prefix + "0" + String((0..<11).map { _ in alphabet.randomElement()! }))
    }

    /// The 18-character form of a 15-character id.
    public static func withSuffix(_ id: String) -> String {
        let chars = Array(id)
        guard chars.count == 15 else { return id }
        var suffix = ""
        for chunk in 0..<3 {
            var bits = 0
            for (i, c) in chars[(chunk * 5)..<(chunk * 5 + 5)].enumerated() where c.isASCII && c.isUppercase {
                bits |= 1 << i
            }
            suffix.append(suffixAlphabet[bits])
        }
        return id + suffix
    }

    /// Whether `id` looks like a Salesforce id (15 or 18 letters and digits).
    public static func isWellFormed(_ id: String) -> Bool {
        (id.count == 15 || id.count == 18) && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}
