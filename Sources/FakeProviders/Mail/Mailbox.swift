import FakeAuth0
import Foundation

/// Gmail for one token's user: search, read, threads, the profile, sending and drafts, over the
/// fixture mailbox with what the agent sent laid on top.
public struct Mailbox: Sendable {
    let clock: TenantClock
    let writes: ProviderWrites
    let access: ProviderAccess
    var world: UserWorld { access.world }

    /// What `messages.list` and `threads.list` filter by.
    public struct ListQuery: Sendable {
        public var q: String?
        public var labelIDs: [String] = []
        public var includeSpamTrash = false
        public var maxResults = 100
        public var pageToken: String?

        public init() {}
    }

    /// One page of results and how many there are in all.
    public struct Page<Item: Sendable>: Sendable {
        public var items: [Item]
        public var nextPageToken: String?
        public var resultSizeEstimate: Int
    }

    /// The mailbox address (`users/me/profile`'s `emailAddress`).
    public var address: String { world.mailAddress }
    /// The user's time zone, for `Date` headers and `after:`/`before:`.
    public var timeZone: TimeZone { world.timeZone }

    /// Refuses a `userId` other than `me` and the mailbox's own address, as Gmail does.
    public func checkUser(_ userID: String) throws {
        guard userID == "me" || userID.caseInsensitiveCompare(address) == .orderedSame else {
            throw ProviderError(.forbidden, "forbidden", "Delegation denied for \(address)")
        }
    }

    /// Every message: the fixtures, what was sent, and drafts; newest first.
    func allMessages() throws -> [MailMessage] {
        let sent = try writes.values(.mail, user: access.user, as: MailMessage.self)
        let drafts = try writes.values(.draft, user: access.user, as: MailDraft.self).map(\.message)
        return (world.messages + sent + drafts).sorted { ($0.internalDate, $0.id) > ($1.internalDate, $1.id) }
    }

    func matching(_ query: ListQuery) throws -> [MailMessage] {
        let search = query.q.map(MailQuery.init)
        let now = clock.now()
        return try allMessages().filter { message in
            if !query.includeSpamTrash, search?.mentionsSpamOrTrash != true,
                message.hasLabel("SPAM") || message.hasLabel("TRASH")
            {
                return false
            }
            if !query.labelIDs.allSatisfy(message.hasLabel) { return false }
            return search?.matches(message, timeZone: timeZone, now: now) ?? true
        }
    }

    static func page<T>(_ items: [T], query: ListQuery) throws -> Page<T> {
        let offset = try Pagination.offset(query.pageToken)
        let size = min(max(query.maxResults, 1), 500)
        let next = offset + size < items.count ? Pagination.token(offset + size) : nil
        return Page(
            items: Array(items.dropFirst(offset).prefix(size)), nextPageToken: next, resultSizeEstimate: items.count)
    }

    /// `messages.list`.
    public func list(_ query: ListQuery) throws -> Page<MailMessage> {
        try access.require(anyOf: GoogleScopes.mailRead)
        return try Self.page(matching(query), query: query)
    }

    /// `messages.get`.
    public func message(_ id: String) throws -> MailMessage {
        try access.require(anyOf: GoogleScopes.mailRead)
        guard let message = try allMessages().first(where: { $0.id == id }) else { throw Self.notFound }
        return message
    }

    /// `threads.list`: threads with a matching message, the most recent first; each oldest message first.
    public func threads(_ query: ListQuery) throws -> Page<[MailMessage]> {
        try access.require(anyOf: GoogleScopes.mailRead)
        let all = try allMessages()
        var order: [String] = []
        for message in try matching(query) where !order.contains(message.threadID) { order.append(message.threadID) }
        let threads = order.map { id in all.filter { $0.threadID == id }.reversed() as [MailMessage] }
        return try Self.page(threads, query: query)
    }

    /// `threads.get`: the thread's messages, oldest first.
    public func thread(_ id: String) throws -> [MailMessage] {
        try access.require(anyOf: GoogleScopes.mailRead)
        let messages = try allMessages().filter { $0.threadID == id }
        guard !messages.isEmpty else { throw Self.notFound }
        return messages.reversed()
    }

    /// `users.getProfile`: the address and how many messages and threads there are.
    public func profile() throws -> (address: String, messages: Int, threads: Int) {
        try access.require(anyOf: GoogleScopes.mailProfile)
        let all = try allMessages()
        return (address, all.count, Set(all.map(\.threadID)).count)
    }

    /// `messages.send`: the RFC 822 message goes out, labelled `SENT`, and is recorded.
    public func send(raw: String?, threadID: String?) throws -> MailMessage {
        try access.require(anyOf: GoogleScopes.mailSend)
        let message = try compose(raw: raw, threadID: threadID, labels: ["SENT"])
        try writes.save(message, kind: .mail, user: access.user, id: message.id)
        writes.journal.record(
            "gmail.message.sent", user: access.user,
            details: [
                "id": .string(message.id), "thread_id": .string(message.threadID),
                "to": .array(message.to.map(JSONValue.string)), "subject": .string(message.subject),
            ])
        return message
    }

    /// `drafts.create`.
    public func createDraft(raw: String?, threadID: String?) throws -> MailDraft {
        try access.require(anyOf: GoogleScopes.mailDrafts)
        let draft = MailDraft(
            id:
                "r\(ProviderIDs.number(ProviderIDs.randomHex(), in: 1_000_000_000_000_000_000...8_999_999_999_999_999_999))",
            message: try compose(raw: raw, threadID: threadID, labels: ["DRAFT"]))
        try writes.save(draft, kind: .draft, user: access.user, id: draft.id)
        return draft
    }

    /// `drafts.list`, newest first.
    public func drafts() throws -> [MailDraft] {
        try access.require(anyOf: GoogleScopes.mailDrafts + GoogleScopes.mailRead)
        return try writes.values(.draft, user: access.user, as: MailDraft.self).reversed()
    }

    /// `drafts.get`.
    public func draft(_ id: String) throws -> MailDraft {
        guard let draft = try drafts().first(where: { $0.id == id }) else { throw Self.notFound }
        return draft
    }

    static let notFound = ProviderError(.notFound, "notFound", "Requested entity was not found.")

    func compose(raw: String?, threadID: String?, labels: [String]) throws -> MailMessage {
        guard let raw, !raw.isEmpty else {
            throw ProviderError(
                .invalid, "invalidArgument",
                "'raw' RFC822 payload message string or uploading message via /upload/* URL required")
        }
        guard let data = Base64URL.decode(raw) else {
            throw ProviderError(.invalid, "invalidArgument", "Invalid value for ByteString: \(raw.prefix(20))")
        }
        return try compose(source: String(decoding: data, as: UTF8.self), threadID: threadID, labels: labels)
    }

    /// A message from RFC 822 source, as Gmail files it: a new id, the thread it replies to, now.
    func compose(source: String, threadID: String?, labels: [String]) throws -> MailMessage {
        let parsed = RFC822.parse(source)
        let to = RFC822.addresses(parsed.header("To"))
        let cc = RFC822.addresses(parsed.header("Cc"))
        let bcc = RFC822.addresses(parsed.header("Bcc"))
        if labels.contains("SENT"), to.isEmpty, cc.isEmpty, bcc.isEmpty {
            throw ProviderError(.invalid, "invalidArgument", "Recipient address required")
        }
        let id = ProviderIDs.randomHex()
        let all = try allMessages()
        let inReplyTo = parsed.header("In-Reply-To")
        let thread =
            threadID.flatMap { wanted in all.first { $0.threadID == wanted }?.threadID }
            ?? inReplyTo.flatMap { reply in all.first { $0.messageID == reply }?.threadID } ?? id
        return MailMessage(
            id: id, threadID: thread, labels: labels, from: parsed.header("From") ?? address, to: to, cc: cc, bcc: bcc,
            subject: parsed.header("Subject") ?? "", internalDate: Int(clock.now().timeIntervalSince1970 * 1000),
            text: parsed.text, html: parsed.html,
            messageID: parsed.header("Message-ID") ?? "<\(id)@mail.gmail.example>",
            inReplyTo: inReplyTo, raw: source)
    }
}
