import FakeAuth0
import Foundation

/// A message in a user's Gmail mailbox: from the fixtures, or sent or drafted through the API.
public struct MailMessage: Sendable, Codable, Equatable {
    public var id: String
    public var threadID: String
    /// Gmail label ids: `INBOX`, `UNREAD`, `SENT`, `DRAFT`, `STARRED`, `IMPORTANT`, `SPAM`, `TRASH`…
    public var labels: [String]
    public var from: String
    public var to: [String]
    public var cc: [String]
    public var bcc: [String]
    public var subject: String
    /// When it arrived, in milliseconds since 1970 (Gmail's `internalDate`).
    public var internalDate: Int
    /// The text/plain body.
    public var text: String
    /// The text/html body, when there is one.
    public var html: String?
    /// The `Message-ID` header, with angle brackets.
    public var messageID: String
    public var inReplyTo: String?
    /// The RFC 822 source a client sent, kept as sent.
    public var raw: String?

    public init(
        id: String, threadID: String, labels: [String], from: String, to: [String], cc: [String] = [],
        bcc: [String] = [],
        subject: String, internalDate: Int, text: String, html: String? = nil, messageID: String,
        inReplyTo: String? = nil,
        raw: String? = nil
    ) {
        self.id = id
        self.threadID = threadID
        self.labels = labels
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.subject = subject
        self.internalDate = internalDate
        self.text = text
        self.html = html
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.raw = raw
    }

    /// The moment it arrived.
    public var date: Date { Date(timeIntervalSince1970: TimeInterval(internalDate) / 1000) }

    /// Gmail's snippet: the start of the text (or of the HTML stripped of tags), whitespace folded, HTML-escaped.
    public var snippet: String {
        let source =
            text.isEmpty
            ? (html ?? "").replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression) : text
        let folded = source.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let cut = folded.count > 200 ? String(folded.prefix(200)) : folded
        return cut.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    /// The headers Gmail shows for the message, in order.
    public func headers(timeZone: TimeZone = RFC3339.utc) -> [(name: String, value: String)] {
        var headers: [(String, String)] = [
            ("MIME-Version", "1.0"), ("Date", RFC822.dateHeader(date, timeZone: timeZone)), ("Message-ID", messageID),
        ]
        if let inReplyTo { headers += [("In-Reply-To", inReplyTo), ("References", inReplyTo)] }
        headers += [("Subject", subject), ("From", from)]
        if !to.isEmpty { headers.append(("To", to.joined(separator: ", "))) }
        if !cc.isEmpty { headers.append(("Cc", cc.joined(separator: ", "))) }
        headers.append(
            (
                "Content-Type",
                html == nil ? "text/plain; charset=\"UTF-8\"" : "multipart/alternative; boundary=\"\(boundary)\""
            ))
        return headers
    }

    /// The multipart boundary of the message's source.
    var boundary: String { "000000000000\(id.prefix(16))" }

    /// The RFC 822 source: as sent, or built from the fields.
    public func source(timeZone: TimeZone = RFC3339.utc) -> String {
        if let raw { return raw }
        var lines = headers(timeZone: timeZone).map { "\($0.name): \($0.value)" }
        lines.append("")
        guard let html else {
            lines.append(text)
            return lines.joined(separator: "\r\n")
        }
        lines += [
            "--\(boundary)", "Content-Type: text/plain; charset=\"UTF-8\"", "", text, "--\(boundary)",
            "Content-Type: text/html; charset=\"UTF-8\"", "", html, "--\(boundary)--", "",
        ]
        return lines.joined(separator: "\r\n")
    }

    /// Whether the message has a label (case-insensitively, as Gmail's query does).
    func hasLabel(_ label: String) -> Bool { labels.contains { $0.caseInsensitiveCompare(label) == .orderedSame } }
}

/// A draft: its own id and the message it holds.
public struct MailDraft: Sendable, Codable, Equatable {
    public var id: String
    public var message: MailMessage
}
