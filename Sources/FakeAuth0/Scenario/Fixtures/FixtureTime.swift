import Foundation

/// A point in time written in a fixture: absolute (`2026-11-25T09:00:00Z`, `2026-11-25 09:00`,
/// `2026-11-25`) or relative to the moment the tenant starts (`now`, `+2h`, `-30m`, `+1d 09:00`,
/// `tomorrow 14:30`, `yesterday`), so that "what is on my calendar tomorrow" always has an answer.
public struct FixtureTime: Sendable, Equatable {
    /// How the time was written.
    enum Form: Sendable, Equatable {
        case absolute(Date)
        /// A wall-clock time (or midnight) in the fixture's time zone, `days` days from today.
        case day(days: Int, hour: Int, minute: Int)
        /// The start moment shifted by a number of seconds.
        case offset(seconds: Int)
        /// A date and optional wall-clock time in the fixture's time zone.
        case local(year: Int, month: Int, day: Int, hour: Int, minute: Int)
    }

    let form: Form
    /// Whether the text named a day rather than a moment (`2026-11-25`, `tomorrow`, `+1d`).
    public let isDateOnly: Bool

    /// Parses fixture text; nil when it is none of the accepted forms.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let lower = trimmed.lowercased()
        let parts = lower.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let first = parts.first, parts.count <= 2 else { return nil }
        let clock = parts.count == 2 ? Self.wallClock(parts[1]) : (0, 0)
        guard let (hour, minute) = clock else { return nil }
        if let days = ["yesterday": -1, "today": 0, "tomorrow": 1][first] {
            form = .day(days: days, hour: hour, minute: minute)
            isDateOnly = parts.count == 1
            return
        }
        if first == "now", parts.count == 1 {
            form = .offset(seconds: 0)
            isDateOnly = false
            return
        }
        let relative = first.hasPrefix("now") ? String(first.dropFirst(3)) : first
        if let sign = relative.first, sign == "+" || sign == "-", let unit = relative.last,
            let amount = Int(relative.dropFirst().dropLast()), amount >= 0
        {
            // At most a hundred years either way: far enough for any fixture, far from overflow.
            let hundredYears = 36_500 * 86_400
            let signed = sign == "-" ? -amount : amount
            if parts.count == 2 {
                guard unit == "d", !first.hasPrefix("now"), amount <= 36_500 else { return nil }
                form = .day(days: signed, hour: hour, minute: minute)
                isDateOnly = false
                return
            }
            guard let seconds = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800][unit],
                amount <= hundredYears / seconds
            else { return nil }
            form = .offset(seconds: signed * seconds)
            isDateOnly = false
            return
        }
        if let date = RFC3339.parse(trimmed) {
            form = .absolute(date)
            isDateOnly = false
            return
        }
        let dateParts = first.split(separator: "-").compactMap { Int($0) }
        guard dateParts.count == 3, first.count == 10, (1...12).contains(dateParts[1]), (1...31).contains(dateParts[2])
        else {
            return nil
        }
        form = .local(year: dateParts[0], month: dateParts[1], day: dateParts[2], hour: hour, minute: minute)
        isDateOnly = parts.count == 1
    }

    /// The moment this time stands for, given when the tenant started and the fixture's time zone.
    public func resolve(now: Date, timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        switch form {
        case .absolute(let date):
            return date
        case .offset(let seconds):
            return now.addingTimeInterval(TimeInterval(seconds))
        case .day(let days, let hour, let minute):
            let today = calendar.startOfDay(for: now)
            let day = calendar.date(byAdding: .day, value: days, to: today) ?? today
            return calendar.date(bySettingHour: hour, minute: minute, second: 0, of: day) ?? day
        case .local(let year, let month, let day, let hour, let minute):
            let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)
            return calendar.date(from: components) ?? now
        }
    }

    /// `HH:MM` as hour and minute.
    static func wallClock(_ text: String) -> (Int, Int)? {
        let pieces = text.split(separator: ":").map { Int($0) }
        guard pieces.count == 2, let hour = pieces[0], let minute = pieces[1], (0...23).contains(hour),
            (0...59).contains(minute)
        else { return nil }
        return (hour, minute)
    }

    /// What the accepted forms look like, for error messages.
    static let help =
        "expected a time such as 2026-11-25T09:00:00Z, 2026-11-25 09:00, now, +2h, -3d, +1d 09:00 or tomorrow 14:30"
}
