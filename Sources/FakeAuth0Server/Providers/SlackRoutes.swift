import FakeAuth0
import FakeProviders
import Foundation
import Hummingbird

/// The stub Slack Web API under `/slack/api/{method}` (the prefix form of `https://slack.com/api/…`):
/// GET with query parameters or POST with a form or JSON body, the token in `Authorization: Bearer`
/// or a `token` parameter.
struct SlackRoutes {
    let providers: Providers

    var tenant: Tenant { providers.tenant }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/slack/api/{method}") { request, context in
            await call(context.parameters.decoded("method"), request: request, body: nil)
        }
        router.post("/slack/api/{method}") { request, context in
            var request = request
            let body = try await request.bodyData()
            return await call(context.parameters.decoded("method"), request: request, body: body)
        }
    }

    /// The arguments: query parameters, then the form or JSON body.
    static func arguments(_ request: Request, body: Data?) -> [String: JSONValue] {
        var arguments: [String: JSONValue] = [:]
        for item in request.queryItems { arguments[item.name] = .string(item.value) }
        guard let body, !body.isEmpty else { return arguments }
        if request.hasJSONBody {
            if let object = try? JSONDecoder().decode([String: JSONValue].self, from: body) {
                arguments.merge(object) { _, new in new }
            }
        } else if let form = try? RequestParameters.form(String(decoding: body, as: UTF8.self)) {
            for (name, value) in form.values { arguments[name] = .string(value) }
        }
        return arguments
    }

    func call(_ method: String, request: Request, body: Data?) async -> Response {
        guard SlackMethods.known.contains(method) else { return SlackResponses.unknownMethod(method) }
        let arguments = Self.arguments(request, body: body)
        let asHTTP = providers.settings.slack.authErrorsAsHTTP401
        do {
            let token = request.providerToken() ?? arguments["token"]?.stringValue
            let access = try providers.access(token: token, provider: .slack)
            return try SlackMethods(
                slack: providers.slack(access), arguments: arguments, now: tenant.clock.nowSeconds()
            ).run(method)
        } catch let failure as ProviderAuthFailure {
            return SlackResponses.auth(failure, asHTTPErrors: asHTTP)
        } catch let failure as ProviderError {
            return SlackResponses.failure(failure.code)
        } catch {
            return SlackResponses.failure("internal_error")
        }
    }
}

/// One Slack Web API method call with its arguments.
struct SlackMethods {
    let slack: SlackService
    let arguments: [String: JSONValue]
    let now: Int

    var workspace: SlackWorkspace { slack.workspace }

    /// The methods the stub serves.
    static let known: Set = [
        "auth.test", "conversations.list", "conversations.info", "conversations.history", "chat.postMessage",
        "users.list", "users.info",
    ]

    func string(_ name: String) -> String? {
        switch arguments[name] {
        case .string(let text): text
        case .int(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .double(let number): String(number)
        default: nil
        }
    }

    func bool(_ name: String) -> Bool { ["true", "1"].contains(string(name)?.lowercased() ?? "") }

    func run(_ method: String) throws -> Response {
        switch method {
        case "auth.test": return authTest()
        case "conversations.list": return try conversationsList()
        case "conversations.info": return try conversationsInfo()
        case "conversations.history": return try history()
        case "chat.postMessage": return try postMessage()
        case "users.list": return try usersList()
        case "users.info": return try usersInfo()
        default: return SlackResponses.unknownMethod(method)
        }
    }

    func authTest() -> Response {
        let me = workspace.me
        return SlackResponses.ok(
            [
                "url": .string("https://\(workspace.team.domain).slack.com/"), "team": .string(workspace.team.name),
                "user": .string(me?.name ?? ""), "team_id": .string(workspace.team.id),
                "user_id": .string(workspace.selfID),
                "is_enterprise_install": false,
            ], scopes: slack.scopes)
    }

    /// Cursor pagination: the page and the cursor of the next one ("" at the end).
    func page<T>(_ items: [T], defaultLimit: Int, maxLimit: Int) throws -> ([T], String) {
        guard let offset = SlackCursor.offset(string("cursor")) else {
            throw ProviderError(.invalid, "invalid_cursor", "invalid_cursor")
        }
        let limit = min(max(Int(string("limit") ?? "") ?? defaultLimit, 1), maxLimit)
        let slice = Array(items.dropFirst(offset).prefix(limit))
        return (slice, offset + limit < items.count ? SlackCursor.make(offset + limit) : "")
    }

    func conversationsList() throws -> Response {
        let types = (string("types") ?? "public_channel").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let channels = try slack.conversations(types: types, excludeArchived: bool("exclude_archived"))
        let (page, next) = try page(channels, defaultLimit: 100, maxLimit: 1000)
        return SlackResponses.ok(
            [
                "channels": .array(page.map { SlackJSON.channel($0, workspace: workspace) }),
                "response_metadata": ["next_cursor": .string(next)],
            ],
            scopes: slack.scopes, accepted: ["channels:read", "groups:read", "mpim:read", "im:read"])
    }

    func conversationsInfo() throws -> Response {
        let channel = try slack.info(string("channel"))
        return SlackResponses.ok(["channel": SlackJSON.channel(channel, workspace: workspace)], scopes: slack.scopes)
    }

    func history() throws -> Response {
        let messages = try slack.history(
            string("channel"), oldest: string("oldest"), latest: string("latest"), inclusive: bool("inclusive"))
        let (page, next) = try page(messages, defaultLimit: 100, maxLimit: 999)
        var fields: [String: JSONValue] = [
            "messages": .array(page.map { SlackJSON.message($0, team: workspace.team.id) }),
            "has_more": .bool(!next.isEmpty),
            "pin_count": 0, "channel_actions_ts": .null, "channel_actions_count": 0,
        ]
        if !next.isEmpty { fields["response_metadata"] = ["next_cursor": .string(next)] }
        return SlackResponses.ok(fields, scopes: slack.scopes, accepted: ["channels:history", "groups:history"])
    }

    func postMessage() throws -> Response {
        var blocks = arguments["blocks"]
        if let text = blocks?.stringValue { blocks = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }
        let message = try slack.post(
            channel: string("channel"), text: string("text"), blocks: blocks, threadTS: string("thread_ts"))
        return SlackResponses.ok(
            [
                "channel": .string(message.channel), "ts": .string(message.ts),
                "message": SlackJSON.message(message, team: workspace.team.id),
            ],
            scopes: slack.scopes, accepted: ["chat:write"])
    }

    func usersList() throws -> Response {
        let users = try slack.users()
        let (page, next) = try page(users, defaultLimit: 100, maxLimit: 1000)
        return SlackResponses.ok(
            [
                "members": .array(
                    page.map { SlackJSON.user($0, team: workspace.team.id, showEmail: slack.showsEmail) }),
                "cache_ts": .int(now),
                "response_metadata": ["next_cursor": .string(next)],
            ], scopes: slack.scopes, accepted: ["users:read"])
    }

    func usersInfo() throws -> Response {
        let user = try slack.user(string("user"))
        return SlackResponses.ok(
            ["user": SlackJSON.user(user, team: workspace.team.id, showEmail: slack.showsEmail)], scopes: slack.scopes,
            accepted: ["users:read"])
    }
}
