import FakeAuth0
import Foundation

/// Google Calendar for one token's user: the calendar list, events (read, insert, patch, update,
/// delete) and free/busy, over the fixtures with the user's changes laid on top.
public struct CalendarService: Sendable {
    let clock: TenantClock
    let writes: ProviderWrites
    let access: ProviderAccess
    var world: UserWorld { access.world }

    /// What `events.list` filters and orders by.
    public struct EventQuery: Sendable {
        public var timeMin: Date?
        public var timeMax: Date?
        public var text: String?
        public var singleEvents = false
        public var orderBy: String?
        public var maxResults = 250
        public var pageToken: String?
        public var showDeleted = false

        public init() {}
    }

    /// One page of events.
    public struct EventPage: Sendable {
        public var calendar: CalendarInfo
        public var items: [CalendarEvent]
        public var nextPageToken: String?
        /// The latest change of any event in the calendar.
        public var updated: Date
    }

    static func notFound() -> ProviderError { ProviderError(.notFound, "notFound", "Not Found") }

    /// The calendar list.
    public func calendars() throws -> [CalendarInfo] {
        try access.require(anyOf: GoogleScopes.calendarList)
        return world.calendars
    }

    /// A calendar by id; `primary` is the primary calendar.
    public func calendar(_ id: String) throws -> CalendarInfo {
        if id == "primary", let primary = world.calendars.first(where: \.primary) { return primary }
        guard let calendar = world.calendars.first(where: { $0.id.caseInsensitiveCompare(id) == .orderedSame }) else {
            throw Self.notFound()
        }
        return calendar
    }

    /// Every event of a calendar as it stands now (cancelled ones included).
    func allEvents(in calendar: CalendarInfo) throws -> [CalendarEvent] {
        var events = world.events.filter { $0.calendarID == calendar.id }
        for changed in try writes.values(.event, user: access.user, as: CalendarEvent.self)
        where changed.calendarID == calendar.id {
            if let index = events.firstIndex(where: { $0.id == changed.id }) {
                events[index] = changed
            } else {
                events.append(changed)
            }
        }
        return events
    }

    /// `events.list`.
    public func events(in calendarID: String, query: EventQuery) throws -> EventPage {
        try access.require(anyOf: GoogleScopes.eventsRead)
        let calendar = try calendar(calendarID)
        if query.orderBy == "startTime", !query.singleEvents {
            throw ProviderError(
                .invalid, "badRequest", "The requested ordering is not available for the particular query.")
        }
        if let min = query.timeMin, let max = query.timeMax, max <= min {
            throw ProviderError(.invalid, "timeRangeEmpty", "The specified time range is empty.")
        }
        let zone = calendar.zone
        let all = try allEvents(in: calendar)
        var items = all.filter { event in
            if event.status == "cancelled", !query.showDeleted { return false }
            guard let interval = event.interval(in: zone) else { return false }
            if let min = query.timeMin, interval.end <= min, !(interval.start == interval.end && interval.start >= min)
            {
                return false
            }
            if let max = query.timeMax, interval.start >= max { return false }
            if let text = query.text, !text.isEmpty, !Self.matches(event, text) { return false }
            return true
        }
        if query.orderBy == "updated" {
            items.sort { ($0.json["updated"]?.stringValue ?? "") < ($1.json["updated"]?.stringValue ?? "") }
        } else {
            items.sort {
                ($0.interval(in: zone)?.start ?? .distantPast, $0.id) < (
                    $1.interval(in: zone)?.start ?? .distantPast, $1.id
                )
            }
        }
        let offset = try Pagination.offset(query.pageToken)
        let size = min(max(query.maxResults, 1), 2500)  // offset and size are bounded: the sum cannot overflow
        let page = Array(items.dropFirst(offset).prefix(size))
        let next = offset + size < items.count ? Pagination.token(offset + size) : nil
        let updated =
            all.compactMap { $0.json["updated"]?.stringValue.flatMap(RFC3339.parse) }.max() ?? clock.now()
        return EventPage(calendar: calendar, items: page, nextPageToken: next, updated: updated)
    }

    static func matches(_ event: CalendarEvent, _ text: String) -> Bool {
        var fields = ["summary", "description", "location"].compactMap { event.json[$0]?.stringValue }
        if case .array(let attendees) = event.json["attendees"] {
            for case .object(let attendee) in attendees {
                fields += ["email", "displayName"].compactMap { attendee[$0]?.stringValue }
            }
        }
        let words = text.split(separator: " ").map(String.init)
        return words.allSatisfy { word in fields.contains { $0.range(of: word, options: .caseInsensitive) != nil } }
    }

    /// `events.get`.
    public func event(_ eventID: String, in calendarID: String) throws -> CalendarEvent {
        try access.require(anyOf: GoogleScopes.eventsRead)
        let calendar = try calendar(calendarID)
        guard let event = try allEvents(in: calendar).first(where: { $0.id == eventID }) else { throw Self.notFound() }
        return event
    }

    /// `events.insert`.
    public func insert(_ body: [String: JSONValue], in calendarID: String) throws -> CalendarEvent {
        try access.require(anyOf: GoogleScopes.eventsWrite)
        let calendar = try writable(calendarID)
        var json = body
        for key in ["kind", "etag", "htmlLink", "created", "updated", "creator", "iCalUID"] { json[key] = nil }
        let id = json["id"]?.stringValue ?? ProviderIDs.randomEventID()
        if !CalendarIDs.isValidEventID(id) { throw ProviderError(.invalid, "invalid", "Invalid resource id value.") }
        json["id"] = .string(id)
        if try allEvents(in: calendar).contains(where: { $0.id == id }) {
            throw ProviderError(.invalid, "duplicate", "The requested identifier already exists.")
        }
        try Self.checkTimes(json, zone: calendar.zone)
        try Self.checkSequence(body)
        let now = clock.now()
        let event = CalendarEvent(
            calendarID: calendar.id,
            json: CalendarEvents.completed(json, calendar: calendar, created: now, updated: now))
        try writes.save(event, kind: .event, user: access.user, id: "\(calendar.id)/\(id)")
        writes.journal.record(
            "calendar.event.created", user: access.user,
            details: ["calendar": .string(calendar.id), "id": .string(id), "summary": .string(event.summary)])
        return event
    }

    /// `events.patch`: changes the fields given.
    public func patch(_ eventID: String, in calendarID: String, with body: [String: JSONValue]) throws -> CalendarEvent
    {
        try Self.checkSequence(body)
        return try change(eventID, in: calendarID) { CalendarEvents.merged($0, body) }
    }

    /// `events.update`: replaces the event with `body`.
    public func update(_ eventID: String, in calendarID: String, with body: [String: JSONValue]) throws -> CalendarEvent
    {
        try Self.checkSequence(body)
        return try change(eventID, in: calendarID) { old in
            var json = body
            for key in ["created", "iCalUID", "creator", "organizer"] { json[key] = old[key] }
            return json
        }
    }

    func change(_ eventID: String, in calendarID: String, _ transform: ([String: JSONValue]) -> [String: JSONValue])
        throws -> CalendarEvent
    {
        try access.require(anyOf: GoogleScopes.eventsWrite)
        let calendar = try writable(calendarID)
        guard let old = try allEvents(in: calendar).first(where: { $0.id == eventID }) else { throw Self.notFound() }
        var json = transform(old.json)
        json["id"] = .string(eventID)
        for key in ["kind", "etag", "htmlLink", "updated"] { json[key] = nil }
        try Self.checkTimes(json, zone: calendar.zone)
        // A stored sequence out of range (written by an older version) counts as 0; it never overflows.
        let stored = old.json["sequence"]?.intValue.flatMap { Self.sequences.contains($0) ? $0 : nil } ?? 0
        let moved = json["start"] != old.json["start"] || json["end"] != old.json["end"]
        json["sequence"] = .int(moved ? min(stored + 1, Self.sequences.upperBound) : stored)
        let event = CalendarEvent(
            calendarID: calendar.id,
            json: CalendarEvents.completed(
                json, calendar: calendar, created: clock.now(), updated: clock.now()))
        try writes.save(event, kind: .event, user: access.user, id: "\(calendar.id)/\(eventID)")
        return event
    }

    /// `events.delete`: the event is cancelled; deleting it again is 410.
    public func delete(_ eventID: String, in calendarID: String) throws {
        try access.require(anyOf: GoogleScopes.eventsWrite)
        let calendar = try writable(calendarID)
        guard var event = try allEvents(in: calendar).first(where: { $0.id == eventID }) else { throw Self.notFound() }
        if event.status == "cancelled" { throw ProviderError(.gone, "deleted", "Resource has been deleted") }
        event.json["status"] = "cancelled"
        event.json["updated"] = .string(RFC3339.format(clock.now(), milliseconds: true))
        try writes.save(event, kind: .event, user: access.user, id: "\(calendar.id)/\(eventID)")
    }

    /// `freebusy.query`: per calendar id, the merged busy intervals inside the window, or nil for an unknown calendar.
    public func freeBusy(timeMin: Date, timeMax: Date, calendarIDs: [String]) throws -> [(
        id: String, busy: [(start: Date, end: Date)]?
    )] {
        guard GoogleScopes.allowsFreeBusy(access.scopes) else {
            throw ProviderAuthFailure.insufficientScope(
                needed: GoogleScopes.uris("calendar.freebusy", "calendar.readonly", "calendar"), granted: access.scopes)
        }
        if timeMax <= timeMin { throw ProviderError(.invalid, "timeRangeEmpty", "The specified time range is empty.") }
        return try calendarIDs.map { id in
            guard let calendar = try? calendar(id) else { return (id, nil) }
            let intervals = try allEvents(in: calendar).filter(\.isBusy).compactMap { $0.interval(in: calendar.zone) }
                .map { (start: max($0.start, timeMin), end: min($0.end, timeMax)) }.filter { $0.start < $0.end }
                .sorted { $0.start < $1.start }
            var merged: [(start: Date, end: Date)] = []
            for interval in intervals {
                if let last = merged.last, interval.start <= last.end {
                    merged[merged.count - 1].end = max(last.end, interval.end)
                } else {
                    merged.append(interval)
                }
            }
            return (id, merged)
        }
    }

    func writable(_ calendarID: String) throws -> CalendarInfo {
        let calendar = try calendar(calendarID)
        guard calendar.accessRole == "owner" || calendar.accessRole == "writer" else {
            throw ProviderError(.forbidden, "requiredAccessLevel", "You need to have writer access to this calendar.")
        }
        return calendar
    }

    /// An event's `sequence` is an int32 at Google.
    static let sequences = 0...Int(Int32.max)

    /// A `sequence` in a request body must be a whole number in `sequences`.
    static func checkSequence(_ body: [String: JSONValue]) throws {
        guard let value = body["sequence"], value != .null else { return }
        guard let sequence = value.intValue, sequences.contains(sequence) else {
            throw ProviderError(.invalid, "invalid", "Invalid sequence value: \(value.description.prefix(40))")
        }
    }

    static func checkTimes(_ json: [String: JSONValue], zone: TimeZone) throws {
        guard json["start"] != nil else { throw ProviderError(.invalid, "required", "Missing start time.") }
        guard json["end"] != nil else { throw ProviderError(.invalid, "required", "Missing end time.") }
        guard let start = CalendarEvent.instant(json["start"], zone: zone),
            let end = CalendarEvent.instant(json["end"], zone: zone)
        else {
            throw ProviderError(.invalid, "badRequest", "Bad Request")
        }
        if end < start { throw ProviderError(.invalid, "timeRangeEmpty", "The specified time range is empty.") }
    }
}

/// Page tokens: the offset of the next page, opaque to clients.
enum Pagination {
    static func token(_ offset: Int) -> String {
        Base64URL.encode("offset:\(offset)").trimmingCharacters(in: CharacterSet(charactersIn: "="))
    }

    static func offset(_ token: String?) throws -> Int {
        guard let token, !token.isEmpty else { return 0 }
        guard let data = Base64URL.decode(token), case let text = String(decoding: data, as: UTF8.self),
            text.hasPrefix("offset:"),
            let offset = Int(text.dropFirst(7)), (0...Limits.maxOffset).contains(offset)
        else { throw ProviderError(.invalid, "invalidArgument", "Invalid page token") }
        return offset
    }
}
