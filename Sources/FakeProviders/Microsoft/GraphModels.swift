import FakeAuth0
import Foundation

/// An email address as Graph writes it: `{"emailAddress":{"name","address"}}`.
public struct GraphAddress: Sendable, Codable, Equatable {
    public var name: String
    public var address: String

    public init(name: String, address: String) {
        self.name = name
        self.address = address
    }

    /// Parses `Name <address>` or a bare address; the name defaults to the address.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var name = String(trimmed[..<open]).trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
                name = String(name.dropFirst().dropLast())
            }
            guard Self.isAddress(address) else { return nil }
            self.init(name: name.isEmpty ? address : name, address: address)
        } else {
            guard Self.isAddress(trimmed) else { return nil }
            self.init(name: trimmed, address: trimmed)
        }
    }

    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && !text.contains(" ")
    }

    /// Reads `{"emailAddress":{"address","name"}}`; nil without an address.
    public init?(recipient: JSONValue) {
        guard case .object(let outer) = recipient, case .object(let inner)? = outer["emailAddress"],
            let address = inner["address"]?.stringValue, Self.isAddress(address)
        else { return nil }
        self.init(name: inner["name"]?.stringValue ?? address, address: address)
    }

    public var json: JSONValue { ["emailAddress": ["name": .string(name), "address": .string(address)]] }
}

/// An Outlook message of the stub Graph API: from the fixtures, or sent through `sendMail`.
public struct GraphMessage: Sendable, Codable, Equatable {
    public var id: String
    public var conversationID: String
    public var subject: String
    public var body: String
    public var bodyIsHTML: Bool
    public var from: GraphAddress
    public var to: [GraphAddress]
    public var cc: [GraphAddress]
    public var bcc: [GraphAddress]
    /// Seconds since 1970.
    public var received: Int
    public var isRead: Bool
    public var importance: String
    /// The well-known folder name: `inbox`, `sentitems`, `drafts`…
    public var folder: String
    public var flagged: Bool
    public var categories: [String]
    public var internetMessageID: String
}

/// An Outlook calendar event of the stub Graph API.
public struct GraphEvent: Sendable, Codable, Equatable {
    public var id: String
    public var subject: String
    public var body: String
    public var bodyIsHTML: Bool
    /// Seconds since 1970; for all-day events midnight UTC of the first day and of the day after the last.
    public var start: Int
    public var end: Int
    public var allDay: Bool
    public var location: String?
    public var attendees: [GraphAddress]
    public var organizer: GraphAddress
    public var showAs: String
    public var cancelled: Bool
    public var created: Int
    /// Any other properties the client sent when creating it, kept as they came.
    public var extra: [String: JSONValue]
}

/// Graph's JSON for messages, events and the user, as `JSONValue`s the OData options can filter.
public enum GraphJSON {
    static func dateTime(_ seconds: Int) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0,
            c.second ?? 0)
    }

    /// `2026-11-25T09:00:00Z`.
    public static func instant(_ seconds: Int) -> String { dateTime(seconds) + "Z" }

    /// `{"dateTime":"2026-11-25T09:00:00.0000000","timeZone":"UTC"}`.
    public static func eventTime(_ seconds: Int) -> JSONValue {
        ["dateTime": .string(dateTime(seconds) + ".0000000"), "timeZone": "UTC"]
    }

    static func preview(_ body: String, html: Bool) -> String {
        var text = body
        if html {
            text = text.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        }
        let collapsed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return String(collapsed.prefix(255))
    }

    public static func message(_ m: GraphMessage) -> JSONValue {
        let time = instant(m.received)
        return .object([
            "@odata.etag": .string("W/\"CQAAABYAAAA\(m.id.suffix(8))\""), "id": .string(m.id),
            "createdDateTime": .string(time), "lastModifiedDateTime": .string(time), "receivedDateTime": .string(time),
            "sentDateTime": .string(time), "hasAttachments": false, "internetMessageId": .string(m.internetMessageID),
            "subject": .string(m.subject), "bodyPreview": .string(preview(m.body, html: m.bodyIsHTML)),
            "importance": .string(m.importance), "parentFolderId": .string(m.folder),
            "conversationId": .string(m.conversationID),
            "isDeliveryReceiptRequested": false, "isReadReceiptRequested": false, "isRead": .bool(m.isRead),
            "isDraft": .bool(m.folder == "drafts"),
            "webLink": .string("https://outlook.office365.com/owa/?ItemID=\(m.id)&exvsurl=1&viewmodel=ReadMessageItem"),
            "inferenceClassification": "focused",
            "body": ["contentType": .string(m.bodyIsHTML ? "html" : "text"), "content": .string(m.body)],
            "sender": m.from.json, "from": m.from.json, "toRecipients": .array(m.to.map(\.json)),
            "ccRecipients": .array(m.cc.map(\.json)), "bccRecipients": .array(m.bcc.map(\.json)), "replyTo": [],
            "flag": ["flagStatus": .string(m.flagged ? "flagged" : "notFlagged")],
            "categories": .array(m.categories.map(JSONValue.string)),
        ])
    }

    public static func event(_ e: GraphEvent) -> JSONValue {
        var fields: [String: JSONValue] = e.extra
        let location: JSONValue = ["displayName": .string(e.location ?? ""), "locationType": "default"]
        let merged: [String: JSONValue] = [
            "@odata.etag": .string("W/\"DwAAABYAAAA\(e.id.suffix(8))\""), "id": .string(e.id),
            "createdDateTime": .string(instant(e.created)), "lastModifiedDateTime": .string(instant(e.created)),
            "subject": .string(e.subject), "bodyPreview": .string(preview(e.body, html: e.bodyIsHTML)),
            "body": ["contentType": .string(e.bodyIsHTML ? "html" : "text"), "content": .string(e.body)],
            "start": eventTime(e.start), "end": eventTime(e.end), "isAllDay": .bool(e.allDay),
            "isCancelled": .bool(e.cancelled), "isOrganizer": true, "showAs": .string(e.showAs),
            "type": "singleInstance",
            "location": location, "locations": e.location == nil ? [] : [location],
            "attendees": .array(
                e.attendees.map { a in
                    [
                        "type": "required", "status": ["response": "none", "time": "0001-01-01T00:00:00Z"],
                        "emailAddress": ["name": .string(a.name), "address": .string(a.address)],
                    ]
                }),
            "organizer": e.organizer.json,
            "webLink": .string("https://outlook.office365.com/owa/?itemid=\(e.id)&exvsurl=1&path=/calendar/item"),
        ]
        fields.merge(merged) { _, new in new }
        return .object(fields)
    }

    /// `/me`.
    public static func user(id: String, displayName: String, address: String, givenName: String?, surname: String?)
        -> JSONValue
    {
        [
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity", "businessPhones": [],
            "displayName": .string(displayName), "givenName": givenName.map(JSONValue.string) ?? .null,
            "surname": surname.map(JSONValue.string) ?? .null, "jobTitle": .null, "mail": .string(address),
            "mobilePhone": .null, "officeLocation": .null, "preferredLanguage": "en-US",
            "userPrincipalName": .string(address), "id": .string(id),
        ]
    }

    /// The properties of messages `$select`, `$filter` and `$orderby` may name.
    public static let messageProperties: Set<String> = [
        "id", "createdDateTime", "lastModifiedDateTime", "receivedDateTime", "sentDateTime", "hasAttachments",
        "internetMessageId", "subject", "bodyPreview", "importance", "parentFolderId", "conversationId", "isRead",
        "isDraft", "webLink", "body", "sender", "from", "toRecipients", "ccRecipients", "bccRecipients", "replyTo",
        "flag", "categories", "inferenceClassification", "isDeliveryReceiptRequested", "isReadReceiptRequested",
    ]

    /// The properties of events `$select`, `$filter` and `$orderby` may name.
    public static let eventProperties: Set<String> = [
        "id", "createdDateTime", "lastModifiedDateTime", "subject", "bodyPreview", "body", "start", "end", "isAllDay",
        "isCancelled", "isOrganizer", "showAs", "type", "location", "locations", "attendees", "organizer", "webLink",
        "categories", "importance", "sensitivity", "isOnlineMeeting", "onlineMeeting", "recurrence",
    ]
}
