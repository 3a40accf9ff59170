import FakeAuth0
import Foundation
import Hummingbird
import NIOCore

/// The journal part of the control API: `GET /__admin/journal` (filtered), `DELETE` to clear it, and
/// `GET /__admin/journal/stream`, the new entries as server-sent events.
struct AdminJournalRoutes {
    let tenant: Tenant

    func register(on router: Router<BasicRequestContext>) {
        let journal = router.group("/__admin/journal")
        journal.get { request, _ in
            let query = try JournalQuery(parameters: Self.parameters(request))
            let entries = tenant.journal.entries(query)
            return JSONResponse.make(json: [
                "entries": .array(entries.map { .object($0.json) }), "last_seq": .int(tenant.journal.lastSequence),
                "capacity": .int(tenant.journal.capacity),
            ])
        }
        journal.delete { _, _ in
            tenant.journal.clear()
            tenant.journal.record("admin.journal.cleared")
            return Response(status: .noContent)
        }
        journal.get("/stream") { request, _ in
            var parameters = Self.parameters(request)
            if parameters["since"] == nil, let last = request.headers[.init("Last-Event-ID")!] {
                parameters["since"] = last
            }
            let query = try JournalQuery(parameters: parameters)
            return Self.stream(tenant.journal, query: query)
        }
    }

    static func parameters(_ request: Request) -> [String: String] {
        var parameters: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { parameters[String(name)] = String(value) }
        return parameters
    }

    /// Server-sent events: first the kept entries after `since` (when given), then new ones as they
    /// come; `limit` closes the stream after that many. One `journal` event per entry, `id` = `seq`.
    static func stream(_ journal: Journal, query: JournalQuery) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        // Subscribe before reading the backlog, so nothing falls between the two.
        let updates = journal.updates(query)
        var backlogQuery = query
        backlogQuery.limit = nil
        let backlog = query.since == nil ? [] : journal.entries(backlogQuery)
        let body = ResponseBody { writer in
            var sent = 0
            var lastSequence = query.since ?? journal.lastSequence
            try await writer.write(ByteBuffer(string: ": fake-auth0 journal\n\n"))
            for entry in backlog {
                if let limit = query.limit, sent >= limit { break }
                try await writer.write(event(entry))
                lastSequence = entry.sequence
                sent += 1
            }
            if query.limit.map({ sent < $0 }) ?? true {
                for await entry in updates where entry.sequence > lastSequence {
                    try await writer.write(event(entry))
                    sent += 1
                    if let limit = query.limit, sent >= limit { break }
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    static func event(_ entry: JournalEntry) -> ByteBuffer {
        ByteBuffer(string: "id: \(entry.sequence)\nevent: journal\ndata: \(JSONValue.object(entry.json))\n\n")
    }
}
