import Foundation

/// Google Calendar data in a fixture: the user's calendars and their events.
public struct CalendarFixture: Sendable, Codable, Equatable {
    /// The calendars; one primary calendar named after the mailbox address when absent.
    public var calendars: [CalendarEntryFixture]
    public var events: [EventFixture]

    enum CodingKeys: String, CodingKey, CaseIterable { case calendars, events }

    public init(calendars: [CalendarEntryFixture] = [], events: [EventFixture] = []) {
        self.calendars = calendars
        self.events = events
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            calendars: try c.decode([CalendarEntryFixture].self, forKey: .calendars, default: []),
            events: try c.decode([EventFixture].self, forKey: .events, default: []))
    }
}

/// One calendar of the user's calendar list.
public struct CalendarEntryFixture: Sendable, Codable, Equatable {
    /// The calendar id; the mailbox address for the primary calendar when absent.
    public var id: String?
    public var summary: String?
    public var description: String?
    /// The calendar's IANA time zone; the fixtures' `time_zone` when absent.
    public var timeZone: String?
    /// Whether this is the `primary` calendar; the first calendar is when none says so.
    public var primary: Bool
    /// `owner`, `writer`, `reader` or `freeBusyReader`.
    public var accessRole: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, summary, description, primary
        case timeZone = "time_zone"
        case accessRole = "access_role"
    }

    public init(
        id: String? = nil, summary: String? = nil, description: String? = nil, timeZone: String? = nil,
        primary: Bool = false,
        accessRole: String = "owner"
    ) {
        self.id = id
        self.summary = summary
        self.description = description
        self.timeZone = timeZone
        self.primary = primary
        self.accessRole = accessRole
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decodeIfPresent(String.self, forKey: .id),
            summary: try c.decodeIfPresent(String.self, forKey: .summary),
            description: try c.decodeIfPresent(String.self, forKey: .description),
            timeZone: try c.decodeIfPresent(String.self, forKey: .timeZone),
            primary: try c.decode(Bool.self, forKey: .primary, default: false),
            accessRole: try c.decode(String.self, forKey: .accessRole, default: "owner"))
    }
}

/// One calendar event in a fixture.
public struct EventFixture: Sendable, Codable, Equatable {
    /// The event id; derived from the user and position when absent.
    public var id: String?
    /// The calendar id it belongs to; the primary calendar when absent.
    public var calendar: String?
    public var summary: String
    public var description: String?
    public var location: String?
    /// When it starts: a fixture time such as `+1d 09:00`.
    public var start: String
    /// When it ends; an hour after the start (a day for all-day events) when absent.
    public var end: String?
    /// An all-day event: `start` and `end` name days (`end` exclusive, as Google has it).
    public var allDay: Bool
    public var attendees: [AttendeeFixture]
    /// `confirmed`, `tentative` or `cancelled`.
    public var status: String
    /// `opaque` (busy, the default) or `transparent` (free).
    public var transparency: String
    /// The organizer's email; the calendar id when absent.
    public var organizer: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, calendar, summary, description, location, start, end, attendees, status, transparency, organizer
        case allDay = "all_day"
    }

    public init(
        id: String? = nil, calendar: String? = nil, summary: String, description: String? = nil,
        location: String? = nil,
        start: String, end: String? = nil, allDay: Bool = false, attendees: [AttendeeFixture] = [],
        status: String = "confirmed",
        transparency: String = "opaque", organizer: String? = nil
    ) {
        self.id = id
        self.calendar = calendar
        self.summary = summary
        self.description = description
        self.location = location
        self.start = start
        self.end = end
        self.allDay = allDay
        self.attendees = attendees
        self.status = status
        self.transparency = transparency
        self.organizer = organizer
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decodeIfPresent(String.self, forKey: .id),
            calendar: try c.decodeIfPresent(String.self, forKey: .calendar),
            summary: try c.decode(String.self, forKey: .summary),
            description: try c.decodeIfPresent(String.self, forKey: .description),
            location: try c.decodeIfPresent(String.self, forKey: .location),
            start: try c.decode(String.self, forKey: .start),
            end: try c.decodeIfPresent(String.self, forKey: .end),
            allDay: try c.decode(Bool.self, forKey: .allDay, default: false),
            attendees: try c.decode([AttendeeFixture].self, forKey: .attendees, default: []),
            status: try c.decode(String.self, forKey: .status, default: "confirmed"),
            transparency: try c.decode(String.self, forKey: .transparency, default: "opaque"),
            organizer: try c.decodeIfPresent(String.self, forKey: .organizer))
    }
}

/// An event attendee: an email address, or a mapping with `email`, `name`, `response_status`.
public struct AttendeeFixture: Sendable, Codable, Equatable {
    public var email: String
    public var name: String?
    /// `needsAction`, `accepted`, `declined` or `tentative`.
    public var responseStatus: String
    public var optional: Bool

    enum CodingKeys: String, CodingKey, CaseIterable {
        case email, name, optional
        case responseStatus = "response_status"
    }

    public init(email: String, name: String? = nil, responseStatus: String = "needsAction", optional: Bool = false) {
        self.email = email
        self.name = name
        self.responseStatus = responseStatus
        self.optional = optional
    }

    public init(from decoder: any Decoder) throws {
        if let email = try? decoder.singleValueContainer().decode(String.self) {
            self.init(email: email)
            return
        }
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            email: try c.decode(String.self, forKey: .email),
            name: try c.decodeIfPresent(String.self, forKey: .name),
            responseStatus: try c.decode(String.self, forKey: .responseStatus, default: "needsAction"),
            optional: try c.decode(Bool.self, forKey: .optional, default: false))
    }
}
