import FakeAuth0
import Foundation

/// A user's Microsoft 365 mailbox and calendar resolved from the fixture: relative times turned into
/// instants, ids and defaults filled in.
public struct GraphMailbox: Sendable {
    public var userID: String
    public var address: String
    public var displayName: String
    public var messages: [GraphMessage]
    public var events: [GraphEvent]

    /// The well-known mail folders messages may sit in.
    public static let folders = MicrosoftFixture.folders

    /// Resolves `fixture` (nil: an empty mailbox) for the user `sub`, relative to `start`.
    public init(
        _ fixture: MicrosoftFixture?, sub: String, name: String?, email: String?, start: Date, timeZone: TimeZone
    ) {
        let fixture = fixture ?? MicrosoftFixture()
        let local = email.map { String($0.split(separator: "@").first ?? "") } ?? sub
        let address = fixture.address ?? email ?? "\(local)@outlook.example"
        let displayName = fixture.displayName ?? name ?? address
        let owner = GraphAddress(name: displayName, address: address)
        func time(_ text: String?, _ fallback: String) -> Int {
            let resolved =
                (FixtureTime(text ?? fallback) ?? FixtureTime(fallback))?.resolve(now: start, timeZone: timeZone)
                ?? start
            return Int(resolved.timeIntervalSince1970)
        }
        func addresses(_ list: [String]) -> [GraphAddress] { list.compactMap(GraphAddress.init(parsing:)) }
        userID = GraphIDs.derived(kind: "user", seed: sub)
        self.address = address
        self.displayName = displayName
        messages = fixture.messages.enumerated().map { index, m in
            let id = m.id ?? GraphIDs.derived(kind: "message", seed: "\(sub)/message/\(index)")
            return GraphMessage(
                id: id,
                conversationID: m.conversationID ?? GraphIDs.derived(kind: "conversation", seed: "\(sub)/\(id)"),
                subject: m.subject, body: m.body, bodyIsHTML: m.html, from: GraphAddress(parsing: m.from) ?? owner,
                to: m.to.isEmpty ? [owner] : addresses(m.to), cc: addresses(m.cc), bcc: [],
                received: time(m.received, "now"),
                isRead: m.read, importance: m.importance, folder: m.folder, flagged: m.flagged,
                categories: m.categories,
                internetMessageID: "<\(id.suffix(16))@\(address.split(separator: "@").last ?? "outlook.example")>")
        }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        events = fixture.events.enumerated().map { index, e in
            var start = time(e.start, "now")
            var end = e.end.map { time($0, "now") } ?? start + (e.allDay ? 86400 : 3600)
            if e.allDay {
                // All-day events run from midnight to midnight of their days.
                let day = utc.startOfDay(for: Date(timeIntervalSince1970: TimeInterval(start)))
                start = Int(day.timeIntervalSince1970)
                end = max(end, start + 86400)
                end =
                    Int(utc.startOfDay(for: Date(timeIntervalSince1970: TimeInterval(end - 1))).timeIntervalSince1970)
                    + 86400
            }
            return GraphEvent(
                id: e.id ?? GraphIDs.derived(kind: "event", seed: "\(sub)/event/\(index)"), subject: e.subject,
                body: e.body ?? "", bodyIsHTML: false, start: start, end: end, allDay: e.allDay, location: e.location,
                attendees: addresses(e.attendees), organizer: e.organizer.flatMap(GraphAddress.init(parsing:)) ?? owner,
                showAs: e.showAs, cancelled: e.cancelled, created: start - 7 * 86400, extra: [:])
        }
    }
}

/// Graph-looking ids: `AAMkAD…` strings, stable ones from a seed and fresh random ones.
public enum GraphIDs {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    static func prefix(_ kind: String) -> String {
        switch kind {
        case "message": return "AAMkAGVmMDEz"
        case "event": return "AAMkAGVmMDEzEv"
        case "conversation": return "AAQkAGVmMDEz"
        default: return ""
        }
    }

    public static func derived(kind: String, seed: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(kind)|\(seed)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        var out = ""
        for index in 0..<24 {
            hash ^= UInt64(index) &+ 0x9e37_79b9_7f4a_7c15
            hash = (hash ^ (hash >> 29)) &* 0xbf58_476d_1ce4_e5b9
            out.append(alphabet[Int(hash >> 58) % alphabet.count])
        }
        if kind == "user" {
            // Graph user ids are GUIDs.
            let hex = Array(out.unicodeScalars.map { String(format: "%02x", $0.value) }.joined().prefix(32))
            return [hex[0..<8], hex[8..<12], hex[12..<16], hex[16..<20], hex[20..<32]].map { String($0) }.joined(
                separator: "-")
        }
        return prefix(kind) + out + "AAA="
    }

    public static func random(kind: String) -> String {
        prefix(kind) + String((0..<24).map { _ in alphabet.randomElement()! }) + "AAA="
    }
}

/// The time zones `POST /me/events` accepts: IANA names, `UTC`, and common Windows names.
public enum GraphTimeZones {
    static let windows: [String: String] = [
        "UTC": "UTC", "Coordinated Universal Time": "UTC", "GMT Standard Time": "Europe/London",
        "W. Europe Standard Time": "Europe/Berlin", "Romance Standard Time": "Europe/Paris",
        "Central Europe Standard Time": "Europe/Budapest", "E. Europe Standard Time": "Europe/Chisinau",
        "Pacific Standard Time": "America/Los_Angeles", "Mountain Standard Time": "America/Denver",
        "Central Standard Time": "America/Chicago", "Eastern Standard Time": "America/New_York",
        "India Standard Time": "Asia/Kolkata", "China Standard Time": "Asia/Shanghai",
        "Tokyo Standard Time": "Asia/Tokyo",
        "AUS Eastern Standard Time": "Australia/Sydney",
    ]

    public static func zone(_ name: String) -> TimeZone? {
        if let iana = windows[name] { return TimeZone(identifier: iana) }
        return name.contains("/") ? TimeZone(identifier: name) : nil
    }

    /// Seconds since 1970 of `2026-11-26T09:00:00(.0000000)` in `zone` (or with its own offset or `Z`).
    public static func seconds(_ text: String, in zone: TimeZone) -> Int? {
        if let date = ODataDates.parse(text),
            text.hasSuffix("Z") || text.dropFirst(19).contains(where: { $0 == "+" || $0 == "-" })
        {
            return Int(exactly: date.timeIntervalSince1970.rounded(.down))
        }
        let base = String(text.split(separator: ".").first ?? "")
        guard let utc = ODataDates.parse(base + "Z") else { return nil }
        let offset = zone.secondsFromGMT(for: utc)
        let guess = utc.addingTimeInterval(TimeInterval(-offset))
        return Int(
            guess.addingTimeInterval(TimeInterval(offset - zone.secondsFromGMT(for: guess))).timeIntervalSince1970)
    }
}
