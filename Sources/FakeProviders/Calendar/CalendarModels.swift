import FakeAuth0
import Foundation

/// One of the user's calendars, as the calendar list shows it.
public struct CalendarInfo: Sendable, Equatable {
    public var id: String
    public var summary: String
    public var description: String?
    public var timeZone: String
    public var primary: Bool
    public var accessRole: String

    /// The calendar's time zone, UTC when unknown.
    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? RFC3339.utc }
}

/// A calendar event: Google's JSON representation of it and the calendar it is in. Events keep the
/// JSON a client sent, so fields the fake does not interpret come back as they went in.
public struct CalendarEvent: Sendable, Codable, Equatable {
    public var calendarID: String
    public var json: [String: JSONValue]

    public var id: String { json["id"]?.stringValue ?? "" }
    public var status: String { json["status"]?.stringValue ?? "confirmed" }
    public var summary: String { json["summary"]?.stringValue ?? "" }

    /// When it starts and ends: `dateTime`, or midnight of `date` in the calendar's time zone.
    public func interval(in zone: TimeZone) -> (start: Date, end: Date)? {
        guard let start = Self.instant(json["start"], zone: zone), let end = Self.instant(json["end"], zone: zone)
        else { return nil }
        return (start, max(start, end))
    }

    static func instant(_ value: JSONValue?, zone: TimeZone) -> Date? {
        guard case .object(let time) = value else { return nil }
        if let dateTime = time["dateTime"]?.stringValue {
            if let instant = RFC3339.parse(dateTime) { return instant }
            // Without an offset the event's own time zone says where the wall-clock time is.
            guard let named = time["timeZone"]?.stringValue.flatMap(TimeZone.init(identifier:)),
                let utc = RFC3339.parse(dateTime + "Z")
            else { return nil }
            return utc.addingTimeInterval(-TimeInterval(named.secondsFromGMT(for: utc)))
        }
        if let date = time["date"]?.stringValue {
            return RFC3339.parseDay(
                date, timeZone: time["timeZone"]?.stringValue.flatMap(TimeZone.init(identifier:)) ?? zone)
        }
        return nil
    }

    /// Whether it occupies time on free/busy: not cancelled, not transparent.
    public var isBusy: Bool { status != "cancelled" && json["transparency"]?.stringValue != "transparent" }
}
