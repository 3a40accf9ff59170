import FakeAuth0
import FakeProviders
import Foundation
import HTTPTypes
import Hummingbird

/// The stub Microsoft Graph API under `/microsoft/v1.0/` (the prefix form of
/// `https://graph.microsoft.com/v1.0/`): `/me`, messages (list with `$top`, `$skip`, `$select`,
/// `$filter`, `$orderby` and `@odata.nextLink`; get; `sendMail`), events, `calendarView` and
/// creating events.
struct GraphRoutes {
    let providers: Providers

    func register(on router: Router<BasicRequestContext>) {
        let me = router.group("/microsoft/v1.0/me")
        me.get("") { request, _ in
            await GraphResponses.handle(request, providers: providers) { graph in GraphResponses.json(try graph.me()) }
        }
        me.get("/messages") { request, _ in
            await GraphResponses.handle(request, providers: providers) { graph in
                list(try graph.messages(parameters(request)), request: request, entity: "messages")
            }
        }
        me.get("/mailFolders/{folder}/messages") { request, context in
            await GraphResponses.handle(request, providers: providers) { graph in
                let folder = context.parameters.decoded("folder")
                return list(
                    try graph.messages(parameters(request), folder: folder), request: request,
                    entity: "mailFolders('\(folder)')/messages")
            }
        }
        me.get("/messages/{id}") { request, context in
            await GraphResponses.handle(request, providers: providers) { graph in
                GraphResponses.json(
                    try graph.message(context.parameters.decoded("id"), parameters: parameters(request)))
            }
        }
        me.post("/sendMail") { request, _ in
            var request = request
            let body = await Self.jsonBody(&request)
            return await GraphResponses.handle(request, providers: providers) { graph in
                _ = try graph.sendMail(try body.get())
                return Response(status: .accepted)
            }
        }
        for path in ["/events", "/calendar/events"] {
            me.get(RouterPath(path)) { request, _ in
                await GraphResponses.handle(request, providers: providers) { graph in
                    list(try graph.events(parameters(request)), request: request, entity: "events")
                }
            }
            me.post(RouterPath(path)) { request, _ in
                var request = request
                let body = await Self.jsonBody(&request)
                return await GraphResponses.handle(request, providers: providers) { graph in
                    let event = try graph.createEvent(try body.get())
                    return GraphResponses.json(GraphJSON.event(event), status: .created)
                }
            }
        }
        for path in ["/calendarView", "/calendar/calendarView"] {
            me.get(RouterPath(path)) { request, _ in
                await GraphResponses.handle(request, providers: providers) { graph in
                    list(try graph.calendarView(parameters(request)), request: request, entity: "calendarView")
                }
            }
        }
    }

    /// The query parameters, the last value of each.
    func parameters(_ request: Request) -> [String: String] {
        var out: [String: String] = [:]
        for item in request.queryItems { out[item.name] = item.value }
        return out
    }

    /// A collection answer with `@odata.context` and, when more remain, `@odata.nextLink`: the same
    /// request with `$skip` moved on.
    func list(_ page: GraphService.Page, request: Request, entity: String) -> Response {
        var body: [String: JSONValue] = [
            "@odata.context": .string("https://graph.microsoft.com/v1.0/$metadata#users('me')/\(entity)"),
            "value": .array(page.items),
        ]
        if let skip = page.nextSkip {
            var items = request.queryItems.filter { $0.name.lowercased() != "$skip" }
            items.append((name: "$skip", value: String(skip)))
            var components = URLComponents()
            components.queryItems = items.map { URLQueryItem(name: $0.name, value: $0.value) }
            let query = components.percentEncodedQuery ?? ""
            let path = request.uri.path.replacingOccurrences(of: "/microsoft/v1.0", with: "/v1.0")
            body["@odata.nextLink"] = .string("\(request.providerBase)\(path)?\(query)")
        }
        return GraphResponses.json(.object(body))
    }

    static func jsonBody(_ request: inout Request) async -> Result<JSONValue, GraphError> {
        guard let data = try? await request.bodyData(), !data.isEmpty,
            let value = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return .failure(GraphError.badRequestBody) }
        return .success(value)
    }
}

extension GraphError {
    static let badRequestBody = GraphError("BadRequest", "Empty Payload. JSON content expected.")
}
