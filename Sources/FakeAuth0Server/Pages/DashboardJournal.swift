import FakeAuth0
import Foundation

/// The dashboard's journal: a filter form (the journal API's `event`, `client` and `user`), then the
/// newest entries first. The page's script adds the entries that arrive on the event stream.
struct DashboardJournal {
    let journal: Journal
    let filter: JournalQuery

    func render() -> String {
        let entries = journal.entries(filter).suffix(DashboardPage.journalRows).reversed()
        let rows = entries.map(Self.row).joined()
        func field(_ name: String, _ label: String, _ value: String?, _ hint: String) -> String {
            "<label>\(label) <input name=\"\(name)\" value=\"\(HTML.escape(value ?? ""))\" placeholder=\"\(hint)\"></label>"
        }
        return """
            <section class="card" id="journal">
            <h2>Journal <span class="muted" id="journal-count">\(journal.lastSequence) events</span></h2>
            <form class="inline" method="get" action="/__admin" id="journal-filter">
            \(field("event", "Event", filter.event, "ciba.* or *.refused"))
            \(field("client", "Client", filter.client, "client id"))
            \(field("user", "User", filter.user, "auth0|…"))
            <button type="submit" class="primary">Filter</button>
            <a href="/__admin">Clear</a>
            </form>
            <div class="scroll"><table class="rows" id="journal-table" data-last-seq="\(journal.lastSequence)"
             data-event="\(HTML.escape(filter.event ?? ""))" data-client="\(HTML.escape(filter.client ?? ""))" data-user="\(HTML.escape(filter.user ?? ""))">
            <thead><tr><th>#</th><th>Time</th><th>Event</th><th>Request</th><th>Client</th><th>User</th><th>Details</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            </section>
            """
    }

    /// One entry as a table row; the script builds the same cells for streamed entries.
    static func row(_ entry: JournalEntry) -> String {
        let time = RFC3339.format(entry.tenantTime)
        let request = [entry.method, entry.path, entry.status.map { "→ \($0)" }].compactMap { $0 }.joined(
            separator: " ")
        let cells: [(String, String, String)] = [
            ("#", "\(entry.sequence)", "mono"), ("Time", String(time.dropFirst(11).prefix(8)), "mono"),
            ("Event", entry.event, "event"), ("Request", request, "mono"), ("Client", entry.client ?? "", ""),
            ("User", entry.user ?? "", ""), ("Details", details(entry.details), "mono details"),
        ]
        let tds = cells.map { label, text, style in
            "<td data-label=\"\(label)\"\(style.isEmpty ? "" : " class=\"\(style)\"")>\(HTML.escape(text))</td>"
        }
        return
            "<tr data-seq=\"\(entry.sequence)\" data-event=\"\(HTML.escape(entry.event))\" title=\"\(HTML.escape(time))\">"
            + tds.joined() + "</tr>"
    }

    /// `key=value` pairs in key order; strings as they are, other values as JSON.
    static func details(_ details: [String: JSONValue]) -> String {
        details.sorted { $0.key < $1.key }.map { key, value in
            "\(key)=\(value.stringValue ?? value.description)"
        }.joined(separator: " ")
    }
}
