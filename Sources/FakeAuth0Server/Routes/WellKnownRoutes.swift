import FakeAuth0
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `/.well-known/openid-configuration`, `/.well-known/oauth-authorization-server` and the JWKS.
///
/// Both documents are bytes made once (the JWKS by the key ring, the discovery document per issuer and
/// base URL): a request copies them into the response under headers built once, nothing is encoded.
struct WellKnownRoutes {
    let tenant: Tenant
    let scheme: String

    /// The headers of every well-known document.
    static let headers: HTTPFields = [.contentType: "application/json", .cacheControl: "public, max-age=15"]

    func register(on router: Router<BasicRequestContext>) {
        router.get("/.well-known/openid-configuration") { request, _ in discovery(request) }
        router.get("/.well-known/oauth-authorization-server") { request, _ in discovery(request) }
        router.get("/.well-known/jwks.json") { _, _ in Self.document(tenant.keys.jwksJSON) }
    }

    func discovery(_ request: Request) -> Response {
        let host = request.host ?? "localhost"
        return Self.document(
            tenant.discoveryDocument(issuer: tenant.issuer(forHost: host), baseURL: "\(scheme)://\(host)"))
    }

    static func document(_ bytes: Data) -> Response {
        Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
