import Foundation

extension MicrosoftFixture {
    /// The well-known mail folders messages may sit in.
    public static let folders: Set<String> = [
        "inbox", "sentitems", "drafts", "deleteditems", "archive", "junkemail", "outbox",
    ]
    /// Values of `importance` and `show_as`.
    public static let importances = ["low", "normal", "high"]
    public static let showAs = ["free", "tentative", "busy", "oof", "workingElsewhere", "unknown"]

    static func isBareAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && !text.contains(" ")
    }

    /// `Name <address>` or a bare address.
    static func isAddressText(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            return isBareAddress(String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]))
        }
        return isBareAddress(trimmed)
    }

    /// Mistakes in a fixture, by path below `microsoft`.
    static func problems(in fixture: MicrosoftFixture) -> [(path: String, reason: String)] {
        var problems: [(path: String, reason: String)] = []
        func time(_ path: String, _ text: String?) {
            if let text, FixtureTime(text) == nil { problems.append((path, "'\(text)': \(FixtureTime.help)")) }
        }
        func address(_ path: String, _ text: String) {
            if !Self.isAddressText(text) { problems.append((path, "'\(text)' is not an address or 'Name <address>'")) }
        }
        if let own = fixture.address, !Self.isBareAddress(own) {
            problems.append(("address", "'\(own)' is not an email address"))
        }
        var ids: [String: Int] = [:]
        for (i, m) in fixture.messages.enumerated() {
            let at = "messages[\(i)]"
            address("\(at).from", m.from)
            for (j, to) in m.to.enumerated() { address("\(at).to[\(j)]", to) }
            for (j, cc) in m.cc.enumerated() { address("\(at).cc[\(j)]", cc) }
            time("\(at).received", m.received)
            if !importances.contains(m.importance) {
                problems.append(
                    ("\(at).importance", "'\(m.importance)' is not one of \(importances.joined(separator: ", "))"))
            }
            if !folders.contains(m.folder) {
                problems.append(
                    ("\(at).folder", "'\(m.folder)' is not one of \(folders.sorted().joined(separator: ", "))"))
            }
            if let id = m.id {
                if let first = ids[id] {
                    problems.append(("\(at).id", "duplicate message id '\(id)' (first at messages[\(first)])"))
                }
                ids[id] = i
            }
        }
        for (i, e) in fixture.events.enumerated() {
            let at = "events[\(i)]"
            time("\(at).start", e.start)
            time("\(at).end", e.end)
            for (j, attendee) in e.attendees.enumerated() { address("\(at).attendees[\(j)]", attendee) }
            if let organizer = e.organizer { address("\(at).organizer", organizer) }
            if !showAs.contains(e.showAs) {
                problems.append(("\(at).show_as", "'\(e.showAs)' is not one of \(showAs.joined(separator: ", "))"))
            }
        }
        return problems
    }
}
