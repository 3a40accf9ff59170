import FakeAuth0
import FakeProviders
import Foundation
import Hummingbird

/// The stub provider part of the control API: what agents sent, drafted, changed, posted and created,
/// and the calls they made to protected APIs, so a test can assert on them; and a reset.
struct AdminProviderRoutes {
    let providers: Providers

    var tenant: Tenant { providers.tenant }

    func register(on router: Router<BasicRequestContext>) {
        let admin = router.group("/__admin/providers")
        admin.get("/google/sent") { request, _ in
            let mail = try providers.sentMail(user: Self.user(request))
            return JSONResponse.make(json: ["messages": .array(mail.map { Self.mail($0.value, user: $0.user) })])
        }
        admin.get("/google/drafts") { request, _ in
            let drafts = try providers.drafts(user: Self.user(request))
            return JSONResponse.make(json: [
                "drafts": .array(
                    drafts.map { record in
                        guard case .object(var json) = Self.mail(record.value.message, user: record.user) else {
                            return .null
                        }
                        json["draft_id"] = .string(record.value.id)
                        return .object(json)
                    })
            ])
        }
        admin.get("/google/events") { request, _ in
            let changes = try providers.calendarChanges(user: Self.user(request))
            return JSONResponse.make(json: [
                "events": .array(
                    changes.map { record in
                        let fixture = providers.world(user: record.user).events.contains {
                            $0.id == record.value.id
                        }
                        let change = record.value.status == "cancelled" ? "deleted" : fixture ? "updated" : "created"
                        return [
                            "user": .string(record.user), "calendar": .string(record.value.calendarID),
                            "id": .string(record.value.id),
                            "change": .string(change), "summary": .string(record.value.summary),
                            "event": .object(record.value.json),
                        ]
                    })
            ])
        }
        admin.get("/salesforce/records") { request, _ in
            let written = try providers.salesforceRecords(user: Self.user(request)).filter {
                request.query("object") == nil || $0.value.object == request.query("object")
            }
            return JSONResponse.make(json: [
                "records": .array(
                    written.map { record in
                        [
                            "user": .string(record.user), "object": .string(record.value.object),
                            "record": .object(record.value.record), "created_at": .int(record.createdAt),
                        ]
                    })
            ])
        }
        admin.get("/microsoft/messages") { request, _ in
            let sent = try providers.graphSentMail(user: Self.user(request))
            return JSONResponse.make(json: [
                "messages": .array(
                    sent.map { record in
                        [
                            "user": .string(record.user), "message": GraphJSON.message(record.value),
                            "created_at": .int(record.createdAt),
                        ]
                    })
            ])
        }
        admin.get("/microsoft/events") { request, _ in
            let created = try providers.graphEvents(user: Self.user(request))
            return JSONResponse.make(json: [
                "events": .array(
                    created.map { record in
                        [
                            "user": .string(record.user), "event": GraphJSON.event(record.value),
                            "created_at": .int(record.createdAt),
                        ]
                    })
            ])
        }
        admin.get("/upstream/calls") { request, _ in
            let calls = try providers.upstreamCalls(user: Self.user(request), connection: request.query("connection"))
            return JSONResponse.make(json: [
                "calls": .array(
                    calls.map { record in
                        let call = record.value
                        return [
                            "user": .string(record.user), "connection": .string(call.connection),
                            "method": .string(call.method), "path": .string(call.path), "route": .string(call.route),
                            "parameters": .object(call.parameters.mapValues(JSONValue.string)),
                            "query": .object(call.query.mapValues(JSONValue.string)), "body": call.body ?? .null,
                            "status": .int(call.status), "created_at": .int(record.createdAt),
                        ]
                    })
            ])
        }
        admin.get("/slack/messages") { request, _ in
            let messages = try providers.slackMessages(
                user: Self.user(request), channel: request.query("channel"))
            return JSONResponse.make(json: [
                "messages": .array(
                    messages.map { record in
                        let name = providers.world(user: record.user).slack.channels.first {
                            $0.id == record.value.channel
                        }?.name
                        var json: [String: JSONValue] = [
                            "user": .string(record.user), "channel": .string(record.value.channel),
                            "channel_name": name.map(JSONValue.string) ?? .null,
                            "ts": .string(record.value.ts), "author": .string(record.value.user),
                            "text": .string(record.value.text),
                        ]
                        if let thread = record.value.threadTS { json["thread_ts"] = .string(thread) }
                        if let blocks = record.value.blocks { json["blocks"] = blocks }
                        return .object(json)
                    })
            ])
        }
        admin.get("/github/issues") { request, _ in
            let issues = try providers.githubIssues(user: Self.user(request))
            return JSONResponse.make(json: [
                "issues": .array(
                    issues.map { record in
                        [
                            "user": .string(record.user), "repo": .string(record.value.repo),
                            "number": .int(record.value.number),
                            "title": .string(record.value.title),
                            "body": record.value.body.map(JSONValue.string) ?? .null,
                            "labels": .array(record.value.labels.map(JSONValue.string)),
                            "assignees": .array(record.value.assignees.map(JSONValue.string)),
                            "state": .string(record.value.state),
                            "created_at": .string(RFC3339.format(record.value.created)),
                        ]
                    })
            ])
        }
        admin.get("/api/calls") { request, _ in
            let calls = try providers.apiCalls(user: Self.user(request))
            return JSONResponse.make(json: [
                "calls": .array(
                    calls.map { record in
                        let call = record.value
                        return [
                            "method": .string(call.method), "path": .string(call.path),
                            "audience": .string(call.audience),
                            "user": call.subject.map(JSONValue.string) ?? .null,
                            "client": call.client.map(JSONValue.string) ?? .null,
                            "scope": .string(call.scope), "body": call.body ?? .null,
                            "query": .object(call.query.mapValues(JSONValue.string)),
                            "at": .int(call.at),
                        ]
                    })
            ])
        }
        admin.delete("") { _, _ in
            try providers.reset()
            return Response(status: .noContent)
        }
    }

    static func user(_ request: Request) -> String? { request.query("user") }

    static func mail(_ message: MailMessage, user: String) -> JSONValue {
        var json: [String: JSONValue] = [
            "user": .string(user), "id": .string(message.id), "thread_id": .string(message.threadID),
            "labels": .array(message.labels.map(JSONValue.string)), "from": .string(message.from),
            "to": .array(message.to.map(JSONValue.string)), "cc": .array(message.cc.map(JSONValue.string)),
            "bcc": .array(message.bcc.map(JSONValue.string)), "subject": .string(message.subject),
            "text": .string(message.text),
            "html": message.html.map(JSONValue.string) ?? .null, "date": .string(RFC3339.format(message.date)),
            "message_id": .string(message.messageID), "raw": .string(message.source()),
        ]
        if let reply = message.inReplyTo { json["in_reply_to"] = .string(reply) }
        return .object(json)
    }
}
