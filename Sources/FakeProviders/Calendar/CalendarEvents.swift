import FakeAuth0
import Foundation

/// Builds and changes events in Google's JSON representation.
enum CalendarEvents {
    /// An event from a fixture, in the calendar `calendar`.
    static func fromFixture(_ fixture: EventFixture, id: String, calendar: CalendarInfo, zone: TimeZone, now: Date)
        -> CalendarEvent
    {
        let start = FixtureTime(fixture.start)?.resolve(now: now, timeZone: zone) ?? now
        let end: Date
        if let text = fixture.end, let parsed = FixtureTime(text) {
            end = parsed.resolve(now: now, timeZone: zone)
        } else {
            end = start.addingTimeInterval(fixture.allDay ? 86400 : 3600)
        }
        var json: [String: JSONValue] = [
            "id": .string(id), "summary": .string(fixture.summary), "status": .string(fixture.status),
            "start": time(start, allDay: fixture.allDay, calendar: calendar, zone: zone),
            "end": time(end, allDay: fixture.allDay, calendar: calendar, zone: zone),
        ]
        if let description = fixture.description { json["description"] = .string(description) }
        if let location = fixture.location { json["location"] = .string(location) }
        if fixture.transparency == "transparent" { json["transparency"] = "transparent" }
        let organizer = fixture.organizer ?? calendar.id
        if !fixture.attendees.isEmpty {
            json["attendees"] = .array(
                fixture.attendees.map { attendee in
                    var entry: [String: JSONValue] = [
                        "email": .string(attendee.email), "responseStatus": .string(attendee.responseStatus),
                    ]
                    if let name = attendee.name { entry["displayName"] = .string(name) }
                    if attendee.optional { entry["optional"] = true }
                    if attendee.email == calendar.id { entry["self"] = true }
                    if attendee.email == organizer { entry["organizer"] = true }
                    return .object(entry)
                })
        }
        let stamp = now.addingTimeInterval(-7 * 86400)
        return CalendarEvent(
            calendarID: calendar.id,
            json: completed(json, calendar: calendar, organizer: organizer, created: stamp, updated: stamp))
    }

    /// `{"dateTime","timeZone"}` in the calendar's time zone or, for all-day events, `{"date"}` (the day in
    /// the fixtures' time zone `zone`).
    static func time(_ date: Date, allDay: Bool, calendar: CalendarInfo, zone: TimeZone) -> JSONValue {
        if allDay { return ["date": .string(RFC3339.day(date, timeZone: zone))] }
        return [
            "dateTime": .string(RFC3339.format(date, timeZone: calendar.zone)), "timeZone": .string(calendar.timeZone),
        ]
    }

    /// Adds the fields Google always returns (kind, etag, links, creator, organizer, stamps…) to an event.
    static func completed(
        _ body: [String: JSONValue], calendar: CalendarInfo, organizer: String? = nil, created: Date, updated: Date
    ) -> [String: JSONValue] {
        var json = body
        let id = json["id"]?.stringValue ?? ""
        json["kind"] = "calendar#event"
        json["status"] = json["status"] ?? "confirmed"
        json["htmlLink"] = .string(
            "https://www.google.com/calendar/event?eid="
                + Base64URL.encode("\(id) \(calendar.id)").trimmingCharacters(in: CharacterSet(charactersIn: "=")))
        json["created"] = json["created"] ?? .string(RFC3339.format(created, milliseconds: true))
        json["updated"] = .string(RFC3339.format(updated, milliseconds: true))
        json["etag"] = .string("\"\(Int(updated.timeIntervalSince1970 * 1000))000\"")
        json["iCalUID"] = json["iCalUID"] ?? .string("\(id)@google.com")
        json["sequence"] = json["sequence"] ?? 0
        json["eventType"] = json["eventType"] ?? "default"
        json["reminders"] = json["reminders"] ?? ["useDefault": true]
        let organizerEmail = organizer ?? calendar.id
        json["creator"] = json["creator"] ?? ["email": .string(calendar.id), "self": true]
        json["organizer"] =
            json["organizer"] ?? ["email": .string(organizerEmail), "self": .bool(organizerEmail == calendar.id)]
        json["summary"] = json["summary"] ?? ""
        return json
    }

    /// Google's patch semantics: objects merge field by field, everything else (arrays too) is replaced;
    /// `null` removes a field.
    static func merged(_ base: [String: JSONValue], _ patch: [String: JSONValue]) -> [String: JSONValue] {
        var result = base
        for (key, value) in patch {
            switch (result[key], value) {
            case (_, .null): result[key] = nil
            case (.object(let old), .object(let new)) where key != "start" && key != "end":
                result[key] = .object(merged(old, new))
            default: result[key] = value
            }
        }
        return result
    }
}
