import FakeAuth0
import Foundation

/// The stub Microsoft Graph API for one token's user: `/me`, Outlook messages (list with OData
/// options, get, `sendMail`) and the calendar (events, `calendarView`, create), over the user's
/// fixtures with what agents sent and created laid over them.
public struct GraphService: Sendable {
    let clock: TenantClock
    let writes: ProviderWrites
    public let access: ProviderAccess

    var mailbox: GraphMailbox { access.world.microsoft }

    /// Microsoft Graph's permission names this stub checks.
    public enum Scopes {
        public static let userRead = [
            "User.Read", "User.ReadWrite", "User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All",
            "Directory.Read.All",
        ]
        public static let mailRead = ["Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite"]
        public static let mailSend = ["Mail.Send"]
        public static let calendarsRead = ["Calendars.Read", "Calendars.ReadWrite", "Calendars.ReadBasic"]
        public static let calendarsWrite = ["Calendars.ReadWrite"]
    }

    /// `GET /me`.
    public func me() throws(ProviderAuthFailure) -> JSONValue {
        try access.require(anyOf: Scopes.userRead)
        let parts = mailbox.displayName.split(separator: " ").map(String.init)
        return GraphJSON.user(
            id: mailbox.userID, displayName: mailbox.displayName, address: mailbox.address,
            givenName: parts.count > 1 ? parts.dropLast().joined(separator: " ") : parts.first,
            surname: parts.count > 1 ? parts.last : nil)
    }

    func allMessages() throws -> [GraphMessage] {
        let sent = try writes.values(.graphMessage, user: access.user, as: GraphMessage.self)
        return (mailbox.messages + sent).sorted { $0.received > $1.received }
    }

    func allEvents() throws -> [GraphEvent] {
        let created = try writes.values(.graphEvent, user: access.user, as: GraphEvent.self)
        return (mailbox.events + created).sorted { ($0.start, $0.id) < ($1.start, $1.id) }
    }

    /// One page of a list with the OData options applied.
    public struct Page: Sendable {
        public var items: [JSONValue]
        /// `$skip` of the next page, when there is one.
        public var nextSkip: Int?
    }

    func page(_ items: [JSONValue], _ parameters: [String: String], properties: Set<String>, type: String)
        throws(GraphError) -> Page
    {
        let query = try ODataQuery.parse(parameters, properties: properties, type: type, maxTop: 1000)
        let (rows, more) = query.apply(to: items, defaultTop: 10)
        let size = query.top ?? 10
        return Page(items: rows.map(query.project), nextSkip: more ? query.skip + size : nil)
    }

    /// `GET /me/messages` (or a folder's): newest first unless `$orderby` says otherwise.
    public func messages(_ parameters: [String: String], folder: String? = nil) throws -> Page {
        try access.require(anyOf: Scopes.mailRead)
        var messages = try allMessages()
        if let folder {
            let wellKnown = folder.lowercased()
            guard GraphMailbox.folders.contains(wellKnown) else {
                throw GraphError("ErrorItemNotFound", "The specified object was not found in the store.")
            }
            messages = messages.filter { $0.folder == wellKnown }
        }
        return try page(
            messages.map(GraphJSON.message), parameters, properties: GraphJSON.messageProperties, type: "message")
    }

    /// `GET /me/messages/{id}`.
    public func message(_ id: String, parameters: [String: String]) throws -> JSONValue {
        try access.require(anyOf: Scopes.mailRead)
        guard let message = try allMessages().first(where: { $0.id == id }) else {
            throw GraphError("ErrorItemNotFound", "The specified object was not found in the store.")
        }
        let query = try ODataQuery.parse(
            parameters.filter { $0.key.lowercased() == "$select" }, properties: GraphJSON.messageProperties,
            type: "message", maxTop: 1)
        return query.project(GraphJSON.message(message))
    }

    /// `POST /me/sendMail`: `{"message":{subject, body, toRecipients, ccRecipients, bccRecipients}, "saveToSentItems"}`.
    /// The message lands in Sent Items (unless `saveToSentItems` is false) and in the control API.
    public func sendMail(_ body: JSONValue) throws -> GraphMessage {
        try access.require(anyOf: Scopes.mailSend)
        // Graph reads property names case-insensitively (msgraph-sdk sends `Message`, `SaveToSentItems`).
        guard case .object(let request) = body.lowercasedKeys, case .object(let message)? = request["message"]
        else {
            throw GraphError("ErrorInvalidRequest", "The request body must contain a 'message' object.")
        }
        func recipients(_ key: String) throws(GraphError) -> [GraphAddress] {
            guard let value = message[key.lowercased()], value != .null else { return [] }
            guard case .array(let list) = value else {
                throw GraphError("ErrorInvalidRecipients", "'\(key)' must be a list of recipients.")
            }
            return try list.map { (item) throws(GraphError) in
                guard let address = GraphAddress(recipient: item) else {
                    throw GraphError("ErrorInvalidRecipients", "At least one recipient isn't valid.")
                }
                return address
            }
        }
        let to = try recipients("toRecipients")
        let cc = try recipients("ccRecipients")
        let bcc = try recipients("bccRecipients")
        guard !(to + cc + bcc).isEmpty else {
            throw GraphError(
                "ErrorInvalidRecipients",
                "At least one recipient isn't valid., A message can't be sent because it contains no recipients.")
        }
        var text = ""
        var isHTML = false
        if case .object(let content)? = message["body"] {
            text = content["content"]?.stringValue ?? ""
            isHTML = content["contenttype"]?.stringValue?.lowercased() == "html"
        }
        let id = GraphIDs.random(kind: "message")
        let sent = GraphMessage(
            id: id, conversationID: GraphIDs.random(kind: "conversation"),
            subject: message["subject"]?.stringValue ?? "",
            body: text, bodyIsHTML: isHTML, from: GraphAddress(name: mailbox.displayName, address: mailbox.address),
            to: to, cc: cc, bcc: bcc, received: clock.nowSeconds(), isRead: true,
            importance: message["importance"]?.stringValue ?? "normal",
            folder: request["savetosentitems"] == .bool(false) ? "outbox" : "sentitems", flagged: false,
            categories: [],
            internetMessageID: "<\(id.suffix(16))@\(mailbox.address.split(separator: "@").last ?? "outlook.example")>")
        try writes.save(sent, kind: .graphMessage, user: access.user, id: id)
        return sent
    }

    /// `GET /me/events`: every event, by start.
    public func events(_ parameters: [String: String]) throws -> Page {
        try access.require(anyOf: Scopes.calendarsRead)
        return try page(
            try allEvents().map(GraphJSON.event), parameters, properties: GraphJSON.eventProperties, type: "event")
    }

    /// `GET /me/calendarView?startDateTime=&endDateTime=`: events overlapping the window, by start.
    public func calendarView(_ parameters: [String: String]) throws -> Page {
        try access.require(anyOf: Scopes.calendarsRead)
        func instant(_ name: String) throws(GraphError) -> Int? {
            guard let text = parameters.first(where: { $0.key.lowercased() == name.lowercased() })?.value else {
                return nil
            }
            guard let date = ODataDates.parse(text),
                let seconds = Int(exactly: date.timeIntervalSince1970.rounded(.down))
            else {
                throw GraphError("ErrorInvalidParameter", "The value '\(text)' of parameter '\(name)' is invalid.")
            }
            return seconds
        }
        guard let start = try instant("startDateTime"), let end = try instant("endDateTime") else {
            throw GraphError(
                "ErrorInvalidParameter",
                "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime."
            )
        }
        let rest = parameters.filter { !["startdatetime", "enddatetime"].contains($0.key.lowercased()) }
        let events = try allEvents().filter { $0.start < end && $0.end > start && !$0.cancelled }
        return try page(events.map(GraphJSON.event), rest, properties: GraphJSON.eventProperties, type: "event")
    }

    /// `POST /me/events`: `subject`, `body`, `start`/`end` (`{dateTime, timeZone}`), `location`,
    /// `attendees`, `isAllDay`; other properties are kept as sent.
    public func createEvent(_ body: JSONValue) throws -> GraphEvent {
        try access.require(anyOf: Scopes.calendarsWrite)
        guard case .object(var fields) = body else {
            throw GraphError.badRequest("Empty Payload. JSON content expected.")
        }
        func time(_ key: String) throws(GraphError) -> Int {
            guard case .object(let value)? = fields[key], let text = value["dateTime"]?.stringValue else {
                throw GraphError(
                    "ErrorInvalidRequest", "Your request can't be completed. '\(key)' with a dateTime is required.")
            }
            let zoneName = value["timeZone"]?.stringValue ?? "UTC"
            guard let zone = GraphTimeZones.zone(zoneName) else {
                throw GraphError(
                    "TimeZoneNotSupportedException",
                    "A valid TimeZone value must be specified. The following TimeZone value is not supported: '\(zoneName)'."
                )
            }
            guard let seconds = GraphTimeZones.seconds(text, in: zone) else {
                throw GraphError(
                    "ErrorInvalidRequest",
                    "Cannot convert the literal '\(text)' to the expected type 'Edm.DateTimeOffset'.")
            }
            return seconds
        }
        let start = try time("start")
        let end = try time("end")
        guard end >= start else {
            throw GraphError(
                "ErrorInvalidRequest", "Your request can't be completed. The end of the event is before its start.")
        }
        var attendees: [GraphAddress] = []
        if case .array(let list)? = fields["attendees"] {
            for item in list {
                guard let address = GraphAddress(recipient: item) else {
                    throw GraphError(
                        "ErrorInvalidRequest",
                        "Your request can't be completed. An attendee has no valid email address.")
                }
                attendees.append(address)
            }
        }
        var text = ""
        var isHTML = true
        if case .object(let content)? = fields["body"] {
            text = content["content"]?.stringValue ?? ""
            isHTML = content["contentType"]?.stringValue?.lowercased() != "text"
        }
        var location: String?
        if case .object(let place)? = fields["location"] { location = place["displayName"]?.stringValue }
        let known = [
            "subject", "body", "start", "end", "location", "attendees", "isAllDay", "showAs", "id", "@odata.type",
        ]
        for key in known { fields[key] = nil }
        let event = GraphEvent(
            id: GraphIDs.random(kind: "event"), subject: body.objectFields["subject"]?.stringValue ?? "", body: text,
            bodyIsHTML: isHTML, start: start, end: end, allDay: body.objectFields["isAllDay"] == .bool(true),
            location: location, attendees: attendees,
            organizer: GraphAddress(name: mailbox.displayName, address: mailbox.address),
            showAs: body.objectFields["showAs"]?.stringValue ?? "busy", cancelled: false, created: clock.nowSeconds(),
            extra: fields)
        try writes.save(event, kind: .graphEvent, user: access.user, id: event.id)
        return event
    }
}

extension JSONValue {
    /// The value with the keys of its objects lower-cased, at every depth except inside recipients'
    /// `emailAddress` (read by `GraphAddress`, which takes Graph's spelling).
    var lowercasedKeys: JSONValue {
        switch self {
        case .object(let fields):
            var out: [String: JSONValue] = [:]
            for (key, value) in fields {
                out[key.lowercased()] = key.lowercased().hasSuffix("recipients") ? value : value.lowercasedKeys
            }
            return .object(out)
        case .array(let items): return .array(items.map(\.lowercasedKeys))
        default: return self
        }
    }

    /// The fields of an object (empty for other values).
    var objectFields: [String: JSONValue] {
        if case .object(let fields) = self { return fields }
        return [:]
    }
}
