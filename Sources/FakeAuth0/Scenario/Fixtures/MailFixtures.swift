import Foundation

/// A Gmail mailbox in a fixture: its address and the messages in it.
public struct MailboxFixture: Sendable, Codable, Equatable {
    /// The mailbox address (`users/me/profile`'s `emailAddress`); the user's email when absent.
    public var address: String?
    public var messages: [MailFixture]

    enum CodingKeys: String, CodingKey, CaseIterable { case address, messages }

    public init(address: String? = nil, messages: [MailFixture] = []) {
        self.address = address
        self.messages = messages
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            address: try c.decodeIfPresent(String.self, forKey: .address),
            messages: try c.decode([MailFixture].self, forKey: .messages, default: []))
    }
}

/// One message in a fixture mailbox.
public struct MailFixture: Sendable, Codable, Equatable {
    /// The Gmail id; derived from the user and position when absent.
    public var id: String?
    /// Messages with the same `thread_id` form one thread; each message is its own thread otherwise.
    public var threadID: String?
    /// `Name <address>` or a bare address.
    public var from: String
    /// Recipients; the mailbox address when absent.
    public var to: [String]
    public var cc: [String]
    public var subject: String
    /// When it arrived: a fixture time such as `-2d 10:15` (see `FixtureTime`).
    public var date: String
    /// The text/plain body.
    public var body: String
    /// An optional text/html alternative.
    public var html: String?
    /// Gmail label ids; `[INBOX]` when absent.
    public var labels: [String]?
    /// Adds the `UNREAD` label.
    public var unread: Bool
    /// The `Message-ID` header; generated when absent.
    public var messageID: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, from, to, cc, subject, date, body, html, labels, unread
        case threadID = "thread_id"
        case messageID = "message_id"
    }

    public init(
        id: String? = nil, threadID: String? = nil, from: String, to: [String] = [], cc: [String] = [],
        subject: String = "",
        date: String = "now", body: String = "", html: String? = nil, labels: [String]? = nil, unread: Bool = false,
        messageID: String? = nil
    ) {
        self.id = id
        self.threadID = threadID
        self.from = from
        self.to = to
        self.cc = cc
        self.subject = subject
        self.date = date
        self.body = body
        self.html = html
        self.labels = labels
        self.unread = unread
        self.messageID = messageID
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decodeIfPresent(String.self, forKey: .id),
            threadID: try c.decodeIfPresent(String.self, forKey: .threadID),
            from: try c.decode(String.self, forKey: .from),
            to: try c.decodeStringList(forKey: .to),
            cc: try c.decodeStringList(forKey: .cc),
            subject: try c.decode(String.self, forKey: .subject, default: ""),
            date: try c.decode(String.self, forKey: .date, default: "now"),
            body: try c.decode(String.self, forKey: .body, default: ""),
            html: try c.decodeIfPresent(String.self, forKey: .html),
            labels: try c.decodeIfPresent([String].self, forKey: .labels),
            unread: try c.decode(Bool.self, forKey: .unread, default: false),
            messageID: try c.decodeIfPresent(String.self, forKey: .messageID))
    }
}
