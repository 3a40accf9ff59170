import Foundation

/// A user's Salesforce org in a fixture: records per object (`Account`, `Contact`, `Opportunity`,
/// `Lead`, `Case`, custom `…__c` objects), field values as Salesforce names them. Date and date-time
/// fields take fixture times (`+14d`, `-3d 10:00`); a reference may name its parent record by `Name`
/// through the relationship (`Account: Acme` instead of `AccountId: 001…`).
public struct SalesforceFixture: Sendable, Codable, Equatable {
    /// The org's My Domain name: the instance is `https://{instance}.my.salesforce.com`.
    public var instance: String?
    /// The My Domain name when the fixture names none.
    public static let defaultInstance = "fake-org"
    /// Records by object name, each in the order written.
    public var records: [String: [[String: JSONValue]]]

    enum CodingKeys: String, CodingKey, CaseIterable { case instance, records }

    public init(instance: String? = nil, records: [String: [[String: JSONValue]]] = [:]) {
        self.instance = instance
        self.records = records
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            instance: try c.decodeIfPresent(String.self, forKey: .instance),
            records: try c.decode([String: [[String: JSONValue]]].self, forKey: .records, default: [:]))
    }
}

/// A user's Microsoft 365 mailbox and calendar in a fixture (served by the stub Microsoft Graph API).
public struct MicrosoftFixture: Sendable, Codable, Equatable {
    /// The mailbox address (`mail` and `userPrincipalName` of `/me`); the user's email when absent.
    public var address: String?
    /// `displayName` of `/me`; the user's name when absent.
    public var displayName: String?
    public var messages: [GraphMessageFixture]
    public var events: [GraphEventFixture]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case address, messages, events
        case displayName = "display_name"
    }

    public init(
        address: String? = nil, displayName: String? = nil, messages: [GraphMessageFixture] = [],
        events: [GraphEventFixture] = []
    ) {
        self.address = address
        self.displayName = displayName
        self.messages = messages
        self.events = events
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            address: try c.decodeIfPresent(String.self, forKey: .address),
            displayName: try c.decodeIfPresent(String.self, forKey: .displayName),
            messages: try c.decode([GraphMessageFixture].self, forKey: .messages, default: []),
            events: try c.decode([GraphEventFixture].self, forKey: .events, default: []))
    }
}

/// One Outlook message in a fixture.
public struct GraphMessageFixture: Sendable, Codable, Equatable {
    public var id: String?
    /// `Name <address>` or a bare address.
    public var from: String
    /// Recipients; the mailbox address when absent.
    public var to: [String]
    public var cc: [String]
    public var subject: String
    /// When it arrived: a fixture time.
    public var received: String
    public var body: String
    /// Whether `body` is HTML (`contentType: html`).
    public var html: Bool
    public var read: Bool
    /// `low`, `normal` or `high`.
    public var importance: String
    /// `inbox`, `sentitems`, `drafts`, `deleteditems`, `archive` or `junkemail`.
    public var folder: String
    public var flagged: Bool
    public var categories: [String]
    /// Messages with the same `conversation_id` form one conversation.
    public var conversationID: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, from, to, cc, subject, received, body, html, read, importance, folder, flagged, categories
        case conversationID = "conversation_id"
    }

    public init(
        id: String? = nil, from: String, to: [String] = [], cc: [String] = [], subject: String = "",
        received: String = "now", body: String = "", html: Bool = false, read: Bool = false,
        importance: String = "normal", folder: String = "inbox", flagged: Bool = false, categories: [String] = [],
        conversationID: String? = nil
    ) {
        self.id = id
        self.from = from
        self.to = to
        self.cc = cc
        self.subject = subject
        self.received = received
        self.body = body
        self.html = html
        self.read = read
        self.importance = importance
        self.folder = folder
        self.flagged = flagged
        self.categories = categories
        self.conversationID = conversationID
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decodeIfPresent(String.self, forKey: .id), from: try c.decode(String.self, forKey: .from),
            to: try c.decodeStringList(forKey: .to), cc: try c.decodeStringList(forKey: .cc),
            subject: try c.decode(String.self, forKey: .subject, default: ""),
            received: try c.decode(String.self, forKey: .received, default: "now"),
            body: try c.decode(String.self, forKey: .body, default: ""),
            html: try c.decode(Bool.self, forKey: .html, default: false),
            read: try c.decode(Bool.self, forKey: .read, default: false),
            importance: try c.decode(String.self, forKey: .importance, default: "normal"),
            folder: try c.decode(String.self, forKey: .folder, default: "inbox"),
            flagged: try c.decode(Bool.self, forKey: .flagged, default: false),
            categories: try c.decodeStringList(forKey: .categories),
            conversationID: try c.decodeIfPresent(String.self, forKey: .conversationID))
    }
}

/// One Outlook calendar event in a fixture.
public struct GraphEventFixture: Sendable, Codable, Equatable {
    public var id: String?
    public var subject: String
    /// Fixture times; `end` defaults to an hour after `start` (a day for all-day events).
    public var start: String
    public var end: String?
    public var allDay: Bool
    public var location: String?
    public var body: String?
    /// Addresses, `Name <address>` forms.
    public var attendees: [String]
    /// The organizer; the mailbox owner when absent.
    public var organizer: String?
    /// `free`, `tentative`, `busy`, `oof`, `workingElsewhere`.
    public var showAs: String
    public var cancelled: Bool

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, subject, start, end, location, body, attendees, organizer, cancelled
        case allDay = "all_day"
        case showAs = "show_as"
    }

    public init(
        id: String? = nil, subject: String, start: String, end: String? = nil, allDay: Bool = false,
        location: String? = nil, body: String? = nil, attendees: [String] = [], organizer: String? = nil,
        showAs: String = "busy", cancelled: Bool = false
    ) {
        self.id = id
        self.subject = subject
        self.start = start
        self.end = end
        self.allDay = allDay
        self.location = location
        self.body = body
        self.attendees = attendees
        self.organizer = organizer
        self.showAs = showAs
        self.cancelled = cancelled
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decodeIfPresent(String.self, forKey: .id), subject: try c.decode(String.self, forKey: .subject),
            start: try c.decode(String.self, forKey: .start), end: try c.decodeIfPresent(String.self, forKey: .end),
            allDay: try c.decode(Bool.self, forKey: .allDay, default: false),
            location: try c.decodeIfPresent(String.self, forKey: .location),
            body: try c.decodeIfPresent(String.self, forKey: .body),
            attendees: try c.decodeStringList(forKey: .attendees),
            organizer: try c.decodeIfPresent(String.self, forKey: .organizer),
            showAs: try c.decode(String.self, forKey: .showAs, default: "busy"),
            cancelled: try c.decode(Bool.self, forKey: .cancelled, default: false))
    }
}
