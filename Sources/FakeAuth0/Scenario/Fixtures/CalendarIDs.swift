import Foundation

/// Google Calendar event id rules.
public enum CalendarIDs {
    /// Whether a client-chosen event id is acceptable: 5 to 1024 characters of `a-z`, `0-9`, `-`, `_`.
    public static func isValidEventID(_ id: String) -> Bool {
        (5...1024).contains(id.count)
            && id.allSatisfy { ($0.isLetter && $0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "-" || $0 == "_" }
    }
}
