import FakeAuth0
import FakeProviders
import Foundation
import Hummingbird

/// The stub Gmail API under `/google/gmail/v1/users/{userId}/` (the prefix form of
/// `https://gmail.googleapis.com/gmail/v1/…`): messages list/get/send, threads, profile, drafts.
struct GmailRoutes {
    let providers: Providers

    var tenant: Tenant { providers.tenant }
    static let service = "gmail.googleapis.com"

    func register(on router: Router<BasicRequestContext>) {
        let users = router.group("/google/gmail/v1/users/{userId}")
        users.get("/messages") { request, context in
            await gmail(request, context) { mailbox in
                let page = try mailbox.list(try Self.listQuery(request))
                return Self.listResponse(page, key: "messages") {
                    ["id": .string($0.id), "threadId": .string($0.threadID)]
                }
            }
        }
        users.get("/messages/{id}") { request, context in
            await gmail(request, context) { mailbox in
                let message = try mailbox.message(context.parameters.decoded("id"))
                return JSONResponse.make(
                    body: Self.encode(
                        GmailJSON.message(
                            message, format: try Self.format(request),
                            metadataHeaders: request.queryAll("metadataHeaders"), timeZone: mailbox.timeZone)))
            }
        }
        users.post("/messages/send") { request, context in
            var request = request
            let body = try await request.bodyData()
            return await gmail(request, context) { mailbox in
                let json = try Self.jsonObject(body)
                let message = try mailbox.send(raw: json["raw"]?.stringValue, threadID: json["threadId"]?.stringValue)
                return JSONResponse.make(json: Self.sentReply(message))
            }
        }
        router.post("/google/upload/gmail/v1/users/{userId}/messages/send") { request, context in
            var request = request
            let body = try await request.bodyData()
            return await gmail(request, context) { mailbox in
                guard
                    request.query("uploadType") == "media"
                        || request.headers[.contentType]?.lowercased().hasPrefix("message/rfc822") == true
                else {
                    throw GoogleBadRequest(message: "Only uploadType=media with a message/rfc822 body is supported")
                }
                let message = try mailbox.send(
                    raw: Base64URL.encode(body), threadID: request.query("threadId"))
                return JSONResponse.make(json: Self.sentReply(message))
            }
        }
        users.get("/threads") { request, context in
            await gmail(request, context) { mailbox in
                let page = try mailbox.threads(try Self.listQuery(request))
                return Self.listResponse(page, key: "threads") { thread in
                    [
                        "id": .string(thread.first?.threadID ?? ""), "snippet": .string(thread.last?.snippet ?? ""),
                        "historyId": .string(thread.last.map(GmailJSON.historyID) ?? "1"),
                    ]
                }
            }
        }
        users.get("/threads/{id}") { request, context in
            await gmail(request, context) { mailbox in
                let messages = try mailbox.thread(context.parameters.decoded("id"))
                return JSONResponse.make(
                    body: Self.encode(
                        GmailJSON.thread(
                            messages, format: try Self.format(request),
                            metadataHeaders: request.queryAll("metadataHeaders"), timeZone: mailbox.timeZone)))
            }
        }
        users.get("/profile") { request, context in
            await gmail(request, context) { mailbox in
                let profile = try mailbox.profile()
                return JSONResponse.make(json: [
                    "emailAddress": .string(profile.address), "messagesTotal": .int(profile.messages),
                    "threadsTotal": .int(profile.threads),
                    "historyId": .string(String(tenant.clock.nowSeconds() % 100_000_000)),
                ])
            }
        }
        users.post("/drafts") { request, context in
            var request = request
            let body = try await request.bodyData()
            return await gmail(request, context) { mailbox in
                let json = try Self.jsonObject(body)
                guard case .object(let message) = json["message"] else {
                    throw ProviderError(.invalid, "invalidArgument", "Missing draft message")
                }
                let draft = try mailbox.createDraft(
                    raw: message["raw"]?.stringValue, threadID: message["threadId"]?.stringValue)
                return JSONResponse.make(
                    body: Self.encode(GmailJSON.draft(draft, format: nil, timeZone: mailbox.timeZone)))
            }
        }
        users.get("/drafts") { request, context in
            await gmail(request, context) { mailbox in
                let drafts = try mailbox.drafts()
                var json: [String: JSONValue] = ["resultSizeEstimate": .int(drafts.count)]
                if !drafts.isEmpty {
                    json["drafts"] = .array(
                        drafts.map {
                            [
                                "id": .string($0.id),
                                "message": ["id": .string($0.message.id), "threadId": .string($0.message.threadID)],
                            ]
                        })
                }
                return JSONResponse.make(json: json)
            }
        }
        users.get("/drafts/{id}") { request, context in
            await gmail(request, context) { mailbox in
                let draft = try mailbox.draft(context.parameters.decoded("id"))
                return JSONResponse.make(
                    body: Self.encode(
                        GmailJSON.draft(draft, format: try Self.format(request), timeZone: mailbox.timeZone)))
            }
        }
    }

    /// Authenticates, checks the `userId` and runs `body` with the user's mailbox.
    func gmail(_ request: Request, _ context: BasicRequestContext, _ body: (Mailbox) async throws -> Response) async
        -> Response
    {
        await GoogleResponses.handle(request, providers: providers, service: Self.service) { access in
            let mailbox = providers.gmail(access)
            try mailbox.checkUser(context.parameters.decoded("userId"))
            return try await body(mailbox)
        }
    }

    /// A Gmail list answer: `resultSizeEstimate`, the items under `key` (omitted when empty, as Gmail
    /// does) and `nextPageToken` while there are more.
    static func listResponse<Item>(_ page: Mailbox.Page<Item>, key: String, item: (Item) -> JSONValue) -> Response {
        var json: [String: JSONValue] = ["resultSizeEstimate": .int(page.resultSizeEstimate)]
        if !page.items.isEmpty { json[key] = .array(page.items.map(item)) }
        if let next = page.nextPageToken { json["nextPageToken"] = .string(next) }
        return JSONResponse.make(json: json)
    }

    static func listQuery(_ request: Request) throws -> Mailbox.ListQuery {
        var query = Mailbox.ListQuery()
        query.q = request.query("q")
        query.labelIDs = request.queryAll("labelIds")
        query.includeSpamTrash = request.queryBool("includeSpamTrash") ?? false
        if let max = request.query("maxResults") {
            guard let value = Int(max), value >= 0 else {
                throw GoogleBadRequest(message: "Invalid value at 'max_results' (TYPE_UINT32), \"\(max)\"")
            }
            query.maxResults = value == 0 ? 100 : value
        }
        query.pageToken = request.query("pageToken")
        return query
    }

    static func format(_ request: Request) throws -> String {
        let format = request.query("format")?.lowercased() ?? "full"
        guard GmailJSON.formats.contains(format) else {
            throw GoogleBadRequest(
                message: "Invalid value at 'format' (type.googleapis.com/gmail.v1.Format), \"\(format)\"")
        }
        return format
    }

    static func jsonObject(_ body: Data?) throws -> [String: JSONValue] {
        guard let body, !body.isEmpty else { return [:] }
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: body) else {
            throw GoogleBadRequest(message: "Invalid JSON payload received.")
        }
        return object
    }

    static func sentReply(_ message: MailMessage) -> [String: JSONValue] {
        [
            "id": .string(message.id), "threadId": .string(message.threadID),
            "labelIds": .array(message.labels.map(JSONValue.string)),
        ]
    }

    static func encode(_ value: JSONValue) -> Data { Data(value.description.utf8) }
}
