import FakeAuth0
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The HTTP listener's responder: requests read from a `CONNECT` tunnel go to the routes served as
/// `https` (under the tunnel's host), absolute-form proxy requests (`GET http://api.github.com/…`) are
/// served under their URL's host when the policy allows it and refused with a JSON body naming the host
/// otherwise, and every other request goes to the plain routes untouched.
struct ProxyResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    static let uriHeader = HTTPField.Name(AbsoluteFormMarker.header)!

    let plain: SlotResponder
    let tunnel: SlotResponder
    let policy: ProxyPolicy

    func respond(to request: Request, context: Context) async throws -> Response {
        if request.head.scheme == "https" { return try await tunnel.respond(to: request, context: context) }
        if request.method == .connect {
            return refuse(
                ProxyRefusal(
                    status: .badRequest, target: nil,
                    reason: "CONNECT must be the first request on a connection to fake-auth0"),
                context: context)
        }
        guard let uri = request.head.headerFields[Self.uriHeader] else {
            return try await plain.respond(to: request, context: context)
        }
        guard let target = AbsoluteURI(uri) else {
            let shown = String(uri.prefix(100).unicodeScalars.filter { $0.value >= 0x21 && $0.value < 0x7F })
            return refuse(
                ProxyRefusal(
                    status: .badRequest, target: nil,
                    reason: "malformed request target '\(shown)' (expected /path or http://host/path)"),
                context: context)
        }
        switch policy.request(to: target.target, scheme: target.scheme) {
        case .refused(let refusal): return refuse(refusal, context: context)
        case .allowed(let authority):
            var head = request.head
            head.headerFields[Self.uriHeader] = nil
            head.authority = authority
            head.path = target.pathAndQuery
            head.scheme = target.scheme
            let proxied = Request(head: head, body: request.body)
            return try await (target.scheme == "https" ? tunnel : plain).respond(to: proxied, context: context)
        }
    }

    private func refuse(_ refusal: ProxyRefusal, context: Context) -> Response {
        context.logger.warning("proxy refused \(refusal.target.map { "\($0)" } ?? "request"): \(refusal.reason)")
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        return Response(
            status: HTTPResponse.Status(code: refusal.status.code, reasonPhrase: refusal.reasonPhrase),
            headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: refusal.body)))
    }
}

/// An absolute-form request target: `http://host[:port]/path?query` (or `https://`), without user
/// info or fragment.
struct AbsoluteURI: Sendable, Equatable {
    let scheme: String
    let target: ProxyTarget
    /// The path and query, `/` when the URL has no path.
    let pathAndQuery: String

    init?(_ text: String) {
        let lowered = text.prefix(8).lowercased()
        let scheme: String
        if lowered.hasPrefix("http://") {
            scheme = "http"
        } else if lowered.hasPrefix("https://") {
            scheme = "https"
        } else {
            return nil
        }
        let rest = text.dropFirst(scheme.count + 3)
        let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let target = ProxyTarget(authority: rest[..<end]) else { return nil }
        var path = String(rest[end...])
        if let hash = path.firstIndex(of: "#") { path = String(path[..<hash]) }
        if !path.hasPrefix("/") { path = "/" + path }
        guard path.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { return nil }
        self.scheme = scheme
        self.target = target
        self.pathAndQuery = path
    }
}
