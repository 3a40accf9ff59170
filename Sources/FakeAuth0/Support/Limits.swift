import Foundation

/// The ranges numbers from outside the fake must fall in: request parameters and bodies, page tokens
/// and cursors, scenario and fixture files, rows written by an earlier run. Each such number is checked
/// against these before any arithmetic, because an overflowing `+` or `*`, or `Int(_:)` of a huge
/// `Double`, traps and takes the whole process (and every test sharing it) down.
public enum Limits {
    /// The longest lifetime, expiry or delay anything accepts: ten years, in seconds.
    public static let maxSeconds = 315_360_000
    /// The last moment the tenant clock may show: 9999-12-31T23:59:59Z. Every time up to it converts to
    /// whole milliseconds and back without overflow.
    public static let latestTime = 253_402_300_799
    /// The largest item offset a page token, cursor or page number may lead to.
    public static let maxOffset = 10_000_000
    /// The largest CIBA poll count a decision may wait for.
    public static let maxPolls = 1_000_000
    /// The largest id, count or number a fixture may give (GitHub ids and star counts, issue numbers).
    public static let maxFixtureNumber = 1_000_000_000_000

    /// A whole number of seconds in `range` from a JSON value; nil for anything else (fractions,
    /// strings, numbers out of range).
    public static func seconds(_ value: JSONValue?, in range: ClosedRange<Int> = 0...maxSeconds) -> Int? {
        guard let number = value?.intValue, range.contains(number) else { return nil }
        return number
    }

    /// A whole number in `range` from text such as a query parameter; nil for anything else.
    public static func integer(_ text: String?, in range: ClosedRange<Int>) -> Int? {
        guard let text, let number = Int(text), range.contains(number) else { return nil }
        return number
    }
}
