import Foundation

/// Salesforce's date and date-time text: `2026-11-25` for dates, `2026-11-25T09:00:00.000+0000` for
/// date-times in answers; date-time literals in queries may also end in `Z` or `±hh:mm`.
public enum SalesforceDates {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// `2026-11-25T09:00:00.000+0000`.
    public static func dateTime(_ date: Date) -> String {
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        let millis = (c.nanosecond ?? 0) / 1_000_000
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03d+0000", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
            c.minute ?? 0, c.second ?? 0, millis)
    }

    /// `2026-11-25`, the day of `date` in `calendar`'s time zone.
    public static func day(_ date: Date, calendar: Calendar) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// Whether `text` is a valid `YYYY-MM-DD` date.
    public static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month),
            (1...31).contains(day)
        else { return false }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = utc.date(from: components) else { return false }
        return utc.component(.day, from: date) == day
    }

    /// Parses a date-time: `2026-11-25T09:00:00Z`, `…:00.000+0000`, `…:00+01:00`; nil otherwise.
    public static func parseDateTime(_ text: String) -> Date? {
        let chars = Array(text)
        guard chars.count >= 20, chars[10] == "T", isDay(String(chars[0..<10])) else { return nil }
        let time = chars[11..<19]
        guard time.count == 8, time[time.startIndex + 2] == ":", time[time.startIndex + 5] == ":",
            let hour = Int(String(time.prefix(2))), let minute = Int(String(time.dropFirst(3).prefix(2))),
            let second = Int(String(time.suffix(2))), hour < 24, minute < 60, second < 60
        else { return nil }
        var rest = chars[19...]
        var millis = 0
        if rest.first == "." {
            let digits = rest.dropFirst().prefix { $0.isNumber }
            guard !digits.isEmpty, digits.count <= 9 else { return nil }
            millis = Int(String(digits.prefix(3)).padding(toLength: 3, withPad: "0", startingAt: 0)) ?? 0
            rest = rest.dropFirst(1 + digits.count)
        }
        var offsetSeconds = 0
        if rest == ["Z"] {
            offsetSeconds = 0
        } else if let sign = rest.first, sign == "+" || sign == "-" {
            let digits = rest.dropFirst().filter { $0 != ":" }
            guard digits.count == 4, digits.allSatisfy(\.isNumber), rest.count == 5 || rest.count == 6,
                let hours = Int(String(digits.prefix(2))), let minutes = Int(String(digits.suffix(2))), hours < 24,
                minutes < 60
            else { return nil }
            offsetSeconds = (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        let parts = String(chars[0..<10]).split(separator: "-").compactMap { Int($0) }
        let components = DateComponents(
            year: parts[0], month: parts[1], day: parts[2], hour: hour, minute: minute, second: second)
        guard let local = utc.date(from: components) else { return nil }
        return local.addingTimeInterval(TimeInterval(-offsetSeconds) + Double(millis) / 1000)
    }
}
