import Foundation

/// `application/x-www-form-urlencoded` text, as form bodies and query strings carry it: pairs split on
/// `&` and `=`, `+` is a space, then percent escapes are decoded. The one decoder for both.
public enum FormURLEncoding {
    /// What to do with a component whose percent escape is malformed.
    public enum Malformed: Sendable {
        /// Give up on the whole text (form bodies: the request is refused).
        case fail
        /// Keep the component as it came, `+` still read as a space (query strings, like browsers' servers).
        case keepRaw
    }

    /// One component; nil when a percent escape is malformed. Components without `+` or `%` (most
    /// names and many values) are taken as they are.
    public static func decode(_ text: Substring) -> String? {
        var plain = true
        for byte in text.utf8 where byte == UInt8(ascii: "+") || byte == UInt8(ascii: "%") {
            plain = false
            break
        }
        if plain { return String(text) }
        return decodeEscapes(text)
    }

    /// `text` with `+` read as a space and `%XX` escapes decoded, in one pass; nil for a `%` without two
    /// hex digits after it or bytes that are not UTF-8 (what `spaced(text).removingPercentEncoding` gives).
    static func decodeEscapes(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The value of one hex digit (either case).
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `text` with every `+` read as a space.
    static func spaced(_ text: Substring) -> String {
        String(decoding: text.utf8.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    /// The name/value pairs in order (empty pieces skipped); nil when `malformed` is `.fail` and an
    /// escape is malformed.
    public static func pairs(_ text: String, malformed: Malformed) -> [(name: String, value: String)]? {
        var pairs: [(name: String, value: String)] = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawValue = parts.count > 1 ? parts[1] : ""
            switch (decode(parts[0]), decode(rawValue), malformed) {
            case (let name?, let value?, _):
                pairs.append((name, value))
            case (_, _, .fail):
                return nil
            case (let name, let value, .keepRaw):
                pairs.append(
                    (
                        name ?? spaced(parts[0]),
                        value ?? spaced(rawValue)
                    ))
            }
        }
        return pairs
    }
}
