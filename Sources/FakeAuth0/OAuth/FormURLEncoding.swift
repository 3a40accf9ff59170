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

    /// One component; nil when a percent escape is malformed.
    public static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
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
                        name ?? parts[0].replacingOccurrences(of: "+", with: " "),
                        value ?? rawValue.replacingOccurrences(of: "+", with: " ")
                    ))
            }
        }
        return pairs
    }
}
