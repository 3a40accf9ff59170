import FakeAuth0
import Foundation

/// The Slack Web API for one token's user: the workspace, conversations and their history, posting,
/// and users, over the fixtures with posted messages laid on top. Failures carry Slack's error codes.
public struct SlackService: Sendable {
    let clock: TenantClock
    let writes: ProviderWrites
    let access: ProviderAccess

    /// The workspace as this token sees it.
    public var workspace: SlackWorkspace { access.world.slack }
    /// The token's scopes, for `X-OAuth-Scopes` and `missing_scope` answers.
    public var scopes: [String] { access.scopes }

    static func failure(_ code: String) -> ProviderError { ProviderError(.invalid, code, code) }

    /// Passes when the token has `scope` (or a legacy scope that implies it).
    func require(_ scope: String, or alternatives: [String] = []) throws {
        try access.require(anyOf: [scope] + alternatives)
    }

    /// `conversations.list`: the channels of the requested types the user can see.
    public func conversations(types: [String], excludeArchived: Bool) throws -> [SlackChannel] {
        let wanted = types.isEmpty ? ["public_channel"] : types
        let needed = wanted.compactMap {
            [
                "public_channel": "channels:read", "private_channel": "groups:read", "mpim": "mpim:read",
                "im": "im:read",
            ][$0]
        }
        guard needed.count == wanted.count else { throw Self.failure("invalid_types") }
        let missing = needed.filter { !access.scopes.contains($0) }
        if !missing.isEmpty {
            throw ProviderAuthFailure.insufficientScope(
                needed: [missing.joined(separator: ",")], granted: access.scopes)
        }
        return workspace.channels.filter { channel in
            if excludeArchived, channel.archived { return false }
            if channel.isPrivate {
                return wanted.contains("private_channel") && channel.members.contains(workspace.selfID)
            }
            return wanted.contains("public_channel")
        }
    }

    /// A channel the user can see, by id (or, with `byName`, by `#name` too).
    public func channel(_ reference: String?, byName: Bool = false) throws -> SlackChannel {
        guard let reference, !reference.isEmpty else { throw Self.failure("channel_not_found") }
        let name = reference.hasPrefix("#") ? String(reference.dropFirst()) : reference
        guard
            let channel = workspace.channels.first(where: { $0.id == reference || (byName && $0.name == name) }),
            !channel.isPrivate || channel.members.contains(workspace.selfID)
        else { throw Self.failure("channel_not_found") }
        return channel
    }

    /// `conversations.info`.
    public func info(_ reference: String?) throws -> SlackChannel {
        let channel = try channel(reference)
        try require(channel.isPrivate ? "groups:read" : "channels:read")
        return channel
    }

    /// Every top-level message of a channel, newest first.
    func messages(in channel: SlackChannel) throws -> [SlackMessage] {
        let posted = try writes.values(.slackMessage, user: access.user, as: SlackMessage.self)
        return (workspace.messages + posted).filter {
            $0.channel == channel.id && ($0.threadTS == nil || $0.threadTS == $0.ts)
        }
        .sorted { $0.order > $1.order }
    }

    /// `conversations.history`: messages between `oldest` and `latest`, newest first.
    public func history(_ reference: String?, oldest: String?, latest: String?, inclusive: Bool) throws
        -> [SlackMessage]
    {
        let channel = try channel(reference)
        try require(channel.isPrivate ? "groups:history" : "channels:history")
        let lower = Self.order(oldest) ?? (0, 0)
        let upper = Self.order(latest) ?? (Int.max, 0)
        return try messages(in: channel).filter { message in
            let at = message.order
            return inclusive ? at >= lower && at <= upper : at > lower && at < upper
        }
    }

    static func order(_ ts: String?) -> (Int, Int)? {
        guard let ts, !ts.isEmpty else { return nil }
        let parts = ts.split(separator: ".")
        guard let seconds = Int(parts.first ?? "") else { return nil }
        let fraction =
            parts.count > 1 ? String(parts[1].prefix(6)).padding(toLength: 6, withPad: "0", startingAt: 0) : "0"
        return (seconds, Int(fraction) ?? 0)
    }

    /// `chat.postMessage`: posts as the user and records it.
    public func post(channel reference: String?, text: String?, blocks: JSONValue?, threadTS: String?) throws
        -> SlackMessage
    {
        try require("chat:write", or: ["chat:write:user", "chat:write:bot"])
        let channel = try channel(reference, byName: true)
        if channel.archived { throw Self.failure("is_archived") }
        guard channel.members.contains(workspace.selfID) else { throw Self.failure("not_in_channel") }
        let hasBlocks = if case .array(let list) = blocks { !list.isEmpty } else { false }
        guard let text = text ?? (hasBlocks ? "" : nil), !text.isEmpty || hasBlocks else {
            throw Self.failure("no_text")
        }
        if let threadTS, try !messages(in: channel).contains(where: { $0.ts == threadTS }) {
            throw Self.failure("thread_not_found")
        }
        let ts = String(format: "%d.%06d", clock.nowSeconds(), 100 + ProviderIDs.next() % 900_000)
        let message = SlackMessage(
            channel: channel.id, ts: ts, user: workspace.selfID, text: text, threadTS: threadTS,
            blocks: hasBlocks ? blocks : nil)
        try writes.save(message, kind: .slackMessage, user: access.user, id: "\(channel.id)/\(ts)")
        writes.journal.record(
            "slack.message.posted", user: access.user, details: ["channel": .string(channel.id), "ts": .string(ts)])
        return message
    }

    /// `users.list`.
    public func users() throws -> [SlackUserFixture] {
        try require("users:read")
        return workspace.users
    }

    /// `users.info`.
    public func user(_ id: String?) throws -> SlackUserFixture {
        try require("users:read")
        guard let user = workspace.users.first(where: { $0.id == id }) else { throw Self.failure("user_not_found") }
        return user
    }

    /// Whether profiles may show email addresses: `users:read.email`.
    public var showsEmail: Bool { access.has(anyOf: ["users:read.email"]) }
}

/// Slack's cursors: base64 of the next offset.
public enum SlackCursor {
    public static func make(_ offset: Int) -> String { Data("next:\(offset)".utf8).base64EncodedString() }

    /// The offset a cursor stands for; nil for a cursor Slack would call `invalid_cursor`.
    public static func offset(_ cursor: String?) -> Int? {
        guard let cursor, !cursor.isEmpty else { return 0 }
        guard let data = Data(base64Encoded: cursor), case let text = String(decoding: data, as: UTF8.self),
            text.hasPrefix("next:"),
            let offset = Int(text.dropFirst(5)), (0...Limits.maxOffset).contains(offset)
        else { return nil }
        return offset
    }
}
