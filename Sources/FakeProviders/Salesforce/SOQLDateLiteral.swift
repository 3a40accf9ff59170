import FakeAuth0
import Foundation

/// A SOQL relative date literal, which stands for a range of days counted from "now" in the user's
/// time zone: `TODAY` is today, `LAST_N_DAYS:7` today and the seven days before, `THIS_QUARTER` the
/// calendar quarter containing today. Weeks start on Sunday.
public enum SOQLDateLiteral: Sendable, Equatable {
    case yesterday, today, tomorrow
    case lastWeek, thisWeek, nextWeek
    case lastMonth, thisMonth, nextMonth
    case lastQuarter, thisQuarter, nextQuarter
    case lastYear, thisYear, nextYear
    case last90Days, next90Days
    case lastNDays(Int)
    case nextNDays(Int)
    case lastNWeeks(Int)
    case nextNWeeks(Int)
    case lastNMonths(Int)
    case nextNMonths(Int)

    /// The literals without a number.
    static let plain: [String: SOQLDateLiteral] = [
        "YESTERDAY": .yesterday, "TODAY": .today, "TOMORROW": .tomorrow,
        "LAST_WEEK": .lastWeek, "THIS_WEEK": .thisWeek, "NEXT_WEEK": .nextWeek,
        "LAST_MONTH": .lastMonth, "THIS_MONTH": .thisMonth, "NEXT_MONTH": .nextMonth,
        "LAST_QUARTER": .lastQuarter, "THIS_QUARTER": .thisQuarter, "NEXT_QUARTER": .nextQuarter,
        "LAST_YEAR": .lastYear, "THIS_YEAR": .thisYear, "NEXT_YEAR": .nextYear,
        "LAST_90_DAYS": .last90Days, "NEXT_90_DAYS": .next90Days,
    ]

    /// The literals that take `:n`.
    static let counted: [String: @Sendable (Int) -> SOQLDateLiteral] = [
        "LAST_N_DAYS": { .lastNDays($0) }, "NEXT_N_DAYS": { .nextNDays($0) },
        "LAST_N_WEEKS": { .lastNWeeks($0) }, "NEXT_N_WEEKS": { .nextNWeeks($0) },
        "LAST_N_MONTHS": { .lastNMonths($0) }, "NEXT_N_MONTHS": { .nextNMonths($0) },
    ]

    /// The largest `n` accepted, so that day arithmetic stays far from overflow.
    static let maximumCount = 100_000

    /// The half-open range `[start, end)` of instants the literal covers, for "now" in `calendar`'s time zone.
    public func range(now: Date, calendar: Calendar) -> Range<Date> {
        let today = calendar.startOfDay(for: now)
        func day(_ n: Int) -> Date { calendar.date(byAdding: .day, value: n, to: today) ?? today }
        func shift(_ date: Date, _ component: Calendar.Component, _ n: Int) -> Date {
            calendar.date(byAdding: component, value: n, to: date) ?? date
        }
        let weekStart: Date = {
            let weekday = calendar.component(.weekday, from: today)  // 1 = Sunday
            return day(1 - weekday)
        }()
        let monthStart = calendar.date(from: calendar.dateComponents([.year, .month], from: today)) ?? today
        let month = calendar.component(.month, from: today)
        let quarterStart = shift(monthStart, .month, -((month - 1) % 3))
        let yearStart = calendar.date(from: calendar.dateComponents([.year], from: today)) ?? today
        func span(_ start: Date, _ component: Calendar.Component, _ n: Int) -> Range<Date> {
            start..<shift(start, component, n)
        }
        switch self {
        case .yesterday: return day(-1)..<today
        case .today: return today..<day(1)
        case .tomorrow: return day(1)..<day(2)
        case .lastWeek: return span(shift(weekStart, .day, -7), .day, 7)
        case .thisWeek: return span(weekStart, .day, 7)
        case .nextWeek: return span(shift(weekStart, .day, 7), .day, 7)
        case .lastMonth: return span(shift(monthStart, .month, -1), .month, 1)
        case .thisMonth: return span(monthStart, .month, 1)
        case .nextMonth: return span(shift(monthStart, .month, 1), .month, 1)
        case .lastQuarter: return span(shift(quarterStart, .month, -3), .month, 3)
        case .thisQuarter: return span(quarterStart, .month, 3)
        case .nextQuarter: return span(shift(quarterStart, .month, 3), .month, 3)
        case .lastYear: return span(shift(yearStart, .year, -1), .year, 1)
        case .thisYear: return span(yearStart, .year, 1)
        case .nextYear: return span(shift(yearStart, .year, 1), .year, 1)
        case .last90Days: return day(-90)..<day(1)
        case .next90Days: return day(1)..<day(91)
        case .lastNDays(let n): return day(-n)..<day(1)
        case .nextNDays(let n): return day(1)..<day(n + 1)
        case .lastNWeeks(let n): return shift(weekStart, .day, -7 * n)..<weekStart
        case .nextNWeeks(let n): return span(shift(weekStart, .day, 7), .day, 7 * n)
        case .lastNMonths(let n): return shift(monthStart, .month, -n)..<monthStart
        case .nextNMonths(let n): return span(shift(monthStart, .month, 1), .month, n)
        }
    }
}
