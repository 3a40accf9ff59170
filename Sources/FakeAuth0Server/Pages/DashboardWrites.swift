import FakeAuth0
import FakeProviders
import Foundation

/// The dashboard's "Provider writes" section: what agents wrote through the stub provider APIs and
/// the protected first-party APIs, newest first, one line each.
struct DashboardWrites {
    let providers: Providers

    /// At most this many lines; the control API's lists have them all.
    static let rows = 100

    /// One write: when (tenant clock), which service, for whom, and what.
    struct Line {
        var at: Int
        var service: String
        var user: String
        var summary: String
    }

    func lines() throws -> [Line] {
        var lines: [Line] = []
        func add<T>(_ records: [ProviderRecord<T>], _ service: String, _ summary: (T) -> String) {
            lines += records.map { Line(at: $0.createdAt, service: service, user: $0.user, summary: summary($0.value)) }
        }
        add(try providers.sentMail(), "Gmail") { "to \($0.to.joined(separator: ", ")): \($0.subject)" }
        add(try providers.calendarChanges(), "Google Calendar") { "\($0.calendarID): \($0.summary)" }
        add(try providers.slackMessages(), "Slack") { "\($0.channel): \($0.text)" }
        add(try providers.githubIssues(), "GitHub") { "\($0.repo)#\($0.number) \($0.title)" }
        add(try providers.salesforceRecords(), "Salesforce") { $0.object }
        add(try providers.graphSentMail(), "Microsoft mail") {
            "to \($0.to.map(\.address).joined(separator: ", ")): \($0.subject)"
        }
        add(try providers.graphEvents(), "Microsoft calendar") { $0.subject }
        add(try providers.upstreamCalls(), "Upstream API") { "\($0.connection) \($0.method) \($0.path)" }
        add(try providers.apiCalls(), "Protected API") { "\($0.method) \($0.path) (\($0.audience))" }
        return Array(lines.sorted { $0.at > $1.at }.prefix(Self.rows))
    }

    func render() throws -> String {
        let lines = try lines()
        guard !lines.isEmpty else { return "<h2>Provider writes</h2><p class=\"muted\">None.</p>" }
        let rows = lines.map { line in
            let at = RFC3339.format(Date(timeIntervalSince1970: TimeInterval(line.at)))
            return """
                <tr><td data-label="When" class="mono">\(HTML.escape(at))</td><td data-label="Service">\(HTML.escape(line.service))</td>
                <td data-label="User">\(HTML.escape(line.user))</td><td data-label="What">\(HTML.escape(line.summary))</td></tr>
                """
        }
        return """
            <h2>Provider writes</h2><div class="scroll"><table class="rows">
            <thead><tr><th>When</th><th>Service</th><th>User</th><th>What</th></tr></thead>
            <tbody>\(rows.joined())</tbody></table></div>
            """
    }
}
