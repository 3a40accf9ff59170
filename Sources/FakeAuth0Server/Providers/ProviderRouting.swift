import FakeAuth0
import FakeProviders
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Sends requests for the stub provider APIs to their own router, whichever way they are addressed:
/// by `Host` (`gmail.googleapis.com`, `www.googleapis.com` → Google; `api.github.com` → GitHub;
/// `slack.com` → Slack; `graph.microsoft.com` → Microsoft Graph; `*.my.salesforce.com` → Salesforce;
/// a declared API's hosts → that API), with the path rewritten to the prefix form, or by path prefix
/// (`/google/…`, `/github/…`, `/slack/api/…`, `/microsoft/…`, `/salesforce/…`, `/apis/{connection}/…`)
/// for clients whose base URL can be set. Salesforce also answers at the root `/services/data/…`,
/// the only form simple-salesforce can reach.
///
/// Hummingbird resolves a route before running its middleware, so this middleware sits first on the
/// main router and hands provider requests to the provider router's responder instead of `next`.
struct ProviderRoutingMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    /// The provider hosts and the path prefix each maps to.
    static let hosts = [
        "gmail.googleapis.com": "/google", "www.googleapis.com": "/google", "api.github.com": "/github",
        "slack.com": "/slack", "graph.microsoft.com": "/microsoft",
    ]
    static let prefixes = ["/google", "/github", "/slack", "/microsoft", "/salesforce"]
    /// The header that tells provider routes the URL their API is served under (for links they write).
    static let baseHeader = HTTPField.Name("X-Fake-Auth0-Provider-Base")!

    let responder: RouterResponder<BasicRequestContext>
    let scheme: String
    let upstream: UpstreamAPIRoutes

    init(providers: Providers, scheme: String) {
        self.scheme = scheme
        responder = ProviderRoutes(providers: providers).router().buildResponder()
        upstream = UpstreamAPIRoutes(providers: providers)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let authority = request.host ?? ""
        let hostName = Self.hostName(authority)
        var head = request.head
        let path = request.uri.path
        if let connection = upstream.providers.upstream.connection(forHost: hostName) {
            return await upstream.respond(request, connection: connection, path: path)
        }
        if let declared = UpstreamAPIRoutes.split(path) {
            return await upstream.respond(request, connection: declared.connection, path: declared.path)
        }
        if let prefix = Self.hosts[hostName] ?? (hostName.hasSuffix(".my.salesforce.com") ? "/salesforce" : nil) {
            head.path = prefix + (request.head.path ?? "/")
            head.headerFields[Self.baseHeader] = "\(scheme)://\(authority)"
        } else if path == "/services/data" || path.hasPrefix("/services/data/") {
            head.path = "/salesforce" + (request.head.path ?? "/")
            head.headerFields[Self.baseHeader] = "\(scheme)://\(authority)"
        } else if let prefix = Self.prefixes.first(where: { path == $0 || path.hasPrefix($0 + "/") }) {
            head.headerFields[Self.baseHeader] = "\(scheme)://\(authority)\(prefix)"
        } else {
            return try await next(request, context)
        }
        return try await responder.respond(to: Request(head: head, body: request.body), context: context)
    }

    /// Whether requests to `hostName` (lowercased, without port) go to a stub provider API.
    static func isProviderHost(_ hostName: String, providers: Providers) -> Bool {
        hosts[hostName] != nil || hostName.hasSuffix(".my.salesforce.com")
            || providers.upstream.connection(forHost: hostName) != nil
    }

    /// The host of a `Host` header without its port, lowercased.
    static func hostName(_ authority: String) -> String {
        if authority.hasPrefix("[") { return authority.lowercased() }
        let name = authority.utf8.firstIndex(of: UInt8(ascii: ":")).map { authority[..<$0] } ?? authority[...]
        // most hosts are lowercase ASCII already: no case mapping then
        return name.utf8.contains { $0 >= 0x80 || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
            ? name.lowercased() : String(name)
    }
}

/// The router of the stub provider APIs, in the prefix form.
struct ProviderRoutes {
    let providers: Providers

    var tenant: Tenant { providers.tenant }

    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: ProviderNotFoundMiddleware())
        GmailRoutes(providers: providers).register(on: router)
        CalendarRoutes(providers: providers).register(on: router)
        GitHubRoutes(providers: providers).register(on: router)
        SlackRoutes(providers: providers).register(on: router)
        SalesforceRoutes(providers: providers).register(on: router)
        GraphRoutes(providers: providers).register(on: router)
        return router
    }
}

/// Answers paths the stubs do not serve in the provider's own shape (Google's error envelope, GitHub's
/// `{"message":"Not Found"}`, Slack's `unknown_method`), and bodies over 1 MiB (413) and unexpected
/// failures in the same shapes, never naming internal types.
struct ProviderNotFoundMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed {
            let path = request.uri.path
            if path.hasPrefix("/github") { return GitHubResponses.message(404, "Not Found") }
            if path.hasPrefix("/slack") { return SlackResponses.unknownMethod(path) }
            if path.hasPrefix("/salesforce") { return SalesforceResponses.error(SalesforceResponses.notFound) }
            if path.hasPrefix("/microsoft") {
                let segment = path.split(separator: "/").last.map(String.init) ?? ""
                return GraphResponses.error(
                    GraphError("BadRequest", "Resource not found for the segment '\(segment)'."))
            }
            return GoogleResponses.unknownPath(request)
        } catch let error as OAuthError where error.kind == .tooLarge {
            let path = request.uri.path
            if path.hasPrefix("/github") { return GitHubResponses.message(413, "Payload too large") }
            if path.hasPrefix("/slack") { return SlackResponses.failure("request_too_large", status: 413) }
            return GoogleResponses.error(
                413, "Request payload size exceeds the limit: \(Request.maxBodySize) bytes.",
                status: "INVALID_ARGUMENT",
                reason: "badRequest")
        } catch {
            context.logger.error("unexpected error: \(error)")
            let path = request.uri.path
            if path.hasPrefix("/github") { return GitHubResponses.message(500, "Server Error") }
            if path.hasPrefix("/slack") { return SlackResponses.failure("internal_error", status: 500) }
            return GoogleResponses.error(500, "Internal error encountered.", status: "INTERNAL", reason: "backendError")
        }
    }
}
