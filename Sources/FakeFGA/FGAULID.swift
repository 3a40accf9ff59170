import Foundation

/// ULIDs, the ids OpenFGA gives stores and models (the SDKs refuse anything else).
public enum FGAULID {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A new ULID for `time`, with random low bits.
    public static func make(time: Date) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(time: time, using: &generator)
    }

    /// A new ULID for `time`, drawing its random part from `generator`.
    public static func make(time: Date, using generator: inout some RandomNumberGenerator) -> String {
        let seconds = max(0, time.timeIntervalSince1970)
        var millis = UInt64(min(seconds * 1000, Double(UInt64(1) << 47)))
        var timePart: [Character] = []
        for _ in 0..<10 {
            timePart.append(alphabet[Int(millis & 31)])
            millis >>= 5
        }
        var randomPart: [Character] = []
        for _ in 0..<16 { randomPart.append(alphabet[Int(generator.next() & 31)]) }
        return String(timePart.reversed()) + String(randomPart)
    }

    /// Whether `text` is a ULID (26 Crockford base-32 characters, upper case).
    public static func isValid(_ text: String) -> Bool {
        text.count == 26 && text.allSatisfy { alphabet.contains($0) }
    }
}
