import FakeAuth0
import FakeProviders
import Foundation
import Hummingbird

/// The stub Google Calendar API under `/google/calendar/v3/` (the prefix form of
/// `https://www.googleapis.com/calendar/v3/…`): the calendar list, events and free/busy.
struct CalendarRoutes {
    let providers: Providers

    var tenant: Tenant { providers.tenant }
    static let service = "calendar-json.googleapis.com"

    func register(on router: Router<BasicRequestContext>) {
        let api = router.group("/google/calendar/v3")
        api.get("/users/me/calendarList") { request, _ in
            await calendar(request) { calendar in
                let entries = try calendar.calendars()
                return JSONResponse.make(json: [
                    "kind": "calendar#calendarList", "etag": .string(Self.etag(entries.count)),
                    "nextSyncToken": .string(Self.etag(entries.count)), "items": .array(entries.map(Self.listEntry)),
                ])
            }
        }
        api.get("/users/me/calendarList/{calendarId}") { request, context in
            await calendar(request) { calendar in
                _ = try calendar.calendars()
                return JSONResponse.make(
                    body: Self.encode(Self.listEntry(try calendar.calendar(context.parameters.decoded("calendarId")))))
            }
        }
        api.get("/calendars/{calendarId}") { request, context in
            await calendar(request) { calendar in
                _ = try calendar.calendars()
                let info = try calendar.calendar(context.parameters.decoded("calendarId"))
                var json: [String: JSONValue] = [
                    "kind": "calendar#calendar", "etag": .string(Self.etag(info.id.count)), "id": .string(info.id),
                    "summary": .string(info.summary), "timeZone": .string(info.timeZone),
                ]
                if let description = info.description { json["description"] = .string(description) }
                return JSONResponse.make(json: json)
            }
        }
        api.get("/calendars/{calendarId}/events") { request, context in
            await calendar(request) { calendar in
                let page = try calendar.events(
                    in: context.parameters.decoded("calendarId"), query: try Self.eventQuery(request))
                var json: [String: JSONValue] = [
                    "kind": "calendar#events", "etag": .string(Self.etag(page.items.count)),
                    "summary": .string(page.calendar.summary),
                    "updated": .string(RFC3339.format(page.updated, milliseconds: true)),
                    "timeZone": .string(page.calendar.timeZone),
                    "accessRole": .string(page.calendar.accessRole), "defaultReminders": [],
                    "items": .array(page.items.map { .object($0.json) }),
                ]
                if let description = page.calendar.description { json["description"] = .string(description) }
                if let next = page.nextPageToken {
                    json["nextPageToken"] = .string(next)
                } else {
                    json["nextSyncToken"] = .string(Self.etag(Int(page.updated.timeIntervalSince1970)))
                }
                return JSONResponse.make(json: json)
            }
        }
        api.post("/calendars/{calendarId}/events") { request, context in
            var request = request
            let body = try await request.bodyData()
            return await calendar(request) { calendar in
                let event = try calendar.insert(
                    try GmailRoutes.jsonObject(body), in: context.parameters.decoded("calendarId"))
                return JSONResponse.make(json: event.json)
            }
        }
        api.get("/calendars/{calendarId}/events/{eventId}") { request, context in
            await calendar(request) { calendar in
                let event = try calendar.event(
                    context.parameters.decoded("eventId"), in: context.parameters.decoded("calendarId"))
                return JSONResponse.make(json: event.json)
            }
        }
        api.patch("/calendars/{calendarId}/events/{eventId}") { request, context in
            var request = request
            let body = try await request.bodyData()
            return await calendar(request) { calendar in
                let event = try calendar.patch(
                    context.parameters.decoded("eventId"), in: context.parameters.decoded("calendarId"),
                    with: try GmailRoutes.jsonObject(body))
                return JSONResponse.make(json: event.json)
            }
        }
        api.put("/calendars/{calendarId}/events/{eventId}") { request, context in
            var request = request
            let body = try await request.bodyData()
            return await calendar(request) { calendar in
                let event = try calendar.update(
                    context.parameters.decoded("eventId"), in: context.parameters.decoded("calendarId"),
                    with: try GmailRoutes.jsonObject(body))
                return JSONResponse.make(json: event.json)
            }
        }
        api.delete("/calendars/{calendarId}/events/{eventId}") { request, context in
            await calendar(request) { calendar in
                try calendar.delete(context.parameters.decoded("eventId"), in: context.parameters.decoded("calendarId"))
                return Response(status: .noContent)
            }
        }
        api.post("/freeBusy") { request, _ in
            var request = request
            let body = try await request.bodyData()
            return await calendar(request) { calendar in try freeBusy(calendar, body: try GmailRoutes.jsonObject(body))
            }
        }
    }

    func calendar(_ request: Request, _ body: (CalendarService) async throws -> Response) async -> Response {
        await GoogleResponses.handle(request, providers: providers, service: Self.service) { access in
            try await body(providers.calendar(access))
        }
    }

    func freeBusy(_ calendar: CalendarService, body: [String: JSONValue]) throws -> Response {
        guard let minText = body["timeMin"]?.stringValue else {
            throw GoogleBadRequest(message: "Missing timeMin parameter.")
        }
        guard let maxText = body["timeMax"]?.stringValue else {
            throw GoogleBadRequest(message: "Missing timeMax parameter.")
        }
        guard let timeMin = RFC3339.parse(minText), let timeMax = RFC3339.parse(maxText) else {
            throw GoogleBadRequest()
        }
        var ids: [String] = []
        if case .array(let items) = body["items"] {
            for case .object(let item) in items { if let id = item["id"]?.stringValue { ids.append(id) } }
        }
        let zone = body["timeZone"]?.stringValue.flatMap(TimeZone.init(identifier:)) ?? RFC3339.utc
        var calendars: [String: JSONValue] = [:]
        for (id, busy) in try calendar.freeBusy(timeMin: timeMin, timeMax: timeMax, calendarIDs: ids) {
            guard let busy else {
                calendars[id] = ["errors": [["domain": "global", "reason": "notFound"]], "busy": []]
                continue
            }
            calendars[id] = [
                "busy": .array(
                    busy.map {
                        [
                            "start": .string(RFC3339.format($0.start, timeZone: zone)),
                            "end": .string(RFC3339.format($0.end, timeZone: zone)),
                        ]
                    })
            ]
        }
        return JSONResponse.make(json: [
            "kind": "calendar#freeBusy", "timeMin": .string(RFC3339.format(timeMin, milliseconds: true)),
            "timeMax": .string(RFC3339.format(timeMax, milliseconds: true)), "calendars": .object(calendars),
        ])
    }

    static func eventQuery(_ request: Request) throws -> CalendarService.EventQuery {
        var query = CalendarService.EventQuery()
        for (name, keyPath) in [("timeMin", \CalendarService.EventQuery.timeMin), ("timeMax", \.timeMax)] {
            guard let text = request.query(name) else { continue }
            guard let date = RFC3339.parse(text) else { throw GoogleBadRequest() }
            query[keyPath: keyPath] = date
        }
        query.text = request.query("q")
        query.singleEvents = request.queryBool("singleEvents") ?? false
        query.showDeleted = request.queryBool("showDeleted") ?? false
        if let order = request.query("orderBy") {
            guard ["startTime", "updated"].contains(order) else {
                throw GoogleBadRequest(message: "Invalid value for orderBy: \(order)")
            }
            query.orderBy = order
        }
        if let max = request.query("maxResults") {
            guard let value = Int(max), value > 0 else {
                throw GoogleBadRequest(message: "Invalid value for maxResults: \(max)")
            }
            query.maxResults = value
        }
        query.pageToken = request.query("pageToken")
        return query
    }

    static func listEntry(_ info: CalendarInfo) -> JSONValue {
        var json: [String: JSONValue] = [
            "kind": "calendar#calendarListEntry", "etag": .string(etag(info.id.count)), "id": .string(info.id),
            "summary": .string(info.summary), "timeZone": .string(info.timeZone), "colorId": "14",
            "backgroundColor": "#9fe1e7",
            "foregroundColor": "#000000", "selected": true, "accessRole": .string(info.accessRole),
            "defaultReminders": [],
            "conferenceProperties": ["allowedConferenceSolutionTypes": ["hangoutsMeet"]],
        ]
        if info.primary { json["primary"] = true }
        if let description = info.description { json["description"] = .string(description) }
        return .object(json)
    }

    static func etag(_ seed: Int) -> String { "\"\(1_700_000_000_000 + seed)\"" }

    static func encode(_ value: JSONValue) -> Data { Data(value.description.utf8) }
}
