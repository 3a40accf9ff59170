import Crypto
import FakeAuth0
import Foundation
import Synchronization

/// Ids that look like the providers' own: stable ones derived from a seed (fixture items keep their
/// ids across restarts) and fresh ones for items created through the APIs.
enum ProviderIDs {
    /// Lowercase hex of `length` characters derived from `seed` (Gmail message ids look like this).
    /// Every user of a scenario gets such ids at the tenant's start, so this stays a table lookup per
    /// digit (formatting each byte with `String(format:)` was most of a big scenario's start).
    static func hex(_ seed: String, length: Int = 16) -> String {
        let digest = SHA256.hash(data: Data(seed.utf8))
        var text: [UInt8] = []
        text.reserveCapacity(SHA256.byteCount * 2)
        for byte in digest {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: text.prefix(max(0, length)), as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A number derived from `seed`, in `range` (GitHub and Slack numeric ids).
    static func number(_ seed: String, in range: ClosedRange<Int>) -> Int {
        let digest = SHA256.hash(data: Data(seed.utf8))
        let value = digest.prefix(6).reduce(0) { $0 << 8 | Int($1) }
        return range.lowerBound + value % (range.upperBound - range.lowerBound + 1)
    }

    /// Characters of Google Calendar event ids (base32hex, lowercase).
    static let base32hex = Array("0123456789abcdefghijklmnopqrstuv")

    /// A calendar event id of 26 base32hex characters derived from `seed`.
    static func eventID(_ seed: String) -> String {
        let digest = Array(SHA256.hash(data: Data(seed.utf8)))
        return String((0..<26).map { base32hex[Int(digest[$0]) % 32] })
    }

    /// A fresh random hex id.
    static func randomHex(length: Int = 16) -> String {
        String((0..<length).map { _ in "0123456789abcdef".randomElement()! })
    }

    /// A fresh calendar event id.
    static func randomEventID() -> String { String((0..<26).map { _ in base32hex.randomElement()! }) }

    private static let sequence = Atomic<Int>(0)

    /// A process-wide increasing number, for Slack `ts` fractions and similar tie-breakers.
    static func next() -> Int { sequence.wrappingAdd(1, ordering: .relaxed).newValue }
}
