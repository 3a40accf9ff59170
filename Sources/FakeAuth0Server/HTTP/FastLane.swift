import FakeAuth0
import FakeProviders
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1

/// What `FastLaneHandler` answers on the event loop, ahead of the routes, for the tenant in a slot:
/// `GET`/`HEAD` of the JWKS and discovery documents (their bytes), and `POST /oauth/token` (through
/// `TokenEndpoint`, as the route answers it). Nil answers send the request to the routes.
///
/// Nil whenever the routes would answer differently or need to see the request: another path (a query
/// string included), a provider's host (its stub API answers there), or a fault armed on the tenant.
/// A request answered here is recorded in the journal as the routes record it.
struct FastLane: Sendable {
    static let jwksPath = "/.well-known/jwks.json"
    static let discoveryPaths: Set<String> = [
        "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server",
    ]
    /// The largest token request body read here; a bigger one (or one of unknown length) goes to the routes.
    static let maxTokenBody = 64 * 1024

    let slot: TenantSlot
    /// What the listener serves (`http` or `https`): discovery documents name their endpoints under it.
    let scheme: String

    /// The bytes of the document a `GET` or `HEAD` of `uri` is answered with, recorded as one `request`
    /// journal entry; nil when it is not one or the routes must answer. A discovery document is taken
    /// from `memo` when it was made there for the same tenant, path and host (it depends on nothing
    /// else), and kept there when it is made.
    func document(method: HTTPMethod, uri: String, host: String?, memo: inout DocumentMemo?) -> Data? {
        guard method == .GET || method == .HEAD else { return nil }
        let isJWKS = uri == Self.jwksPath
        guard isJWKS || Self.discoveryPaths.contains(uri), let tenant = tenant(host: host) else { return nil }
        let bytes: Data
        if isJWKS {
            bytes = tenant.keys.jwksJSON
        } else if let memo, memo.tenant === tenant, memo.uri == uri, memo.host == host {
            bytes = memo.bytes
        } else {
            bytes = tenant.discoveryDocument(
                issuer: tenant.issuer(forHost: host ?? "localhost"), baseURL: "\(scheme)://\(host ?? "localhost")")
            memo = DocumentMemo(tenant: tenant, uri: uri, host: host, bytes: bytes)
        }
        tenant.journal.requestServed(method: method.rawValue, path: uri, status: 200)
        return bytes
    }

    /// The tenant that answers the token request `head` here: a `POST` of `/oauth/token` whose body
    /// has a `Content-Length` of at most `maxTokenBody` (no chunked body, no `Expect`); nil otherwise.
    func tokenTenant(_ head: HTTPRequestHead) -> Tenant? {
        guard head.method == .POST, head.uri == TokenEndpoint.path, let length = Self.bodyLength(head.headers),
            length <= Self.maxTokenBody, !head.headers.contains(name: "expect")
        else { return nil }
        return tenant(host: head.headers.first(name: "host"))
    }

    /// The response to a token request answered here, recorded in the journal as the routes record it.
    static func answerToken(tenant: Tenant, head: HTTPRequestHead, body: ByteBuffer) async -> JSONResponseParts {
        let headers = head.headers
        // Never throws: the answer is a response in every case.
        return
            (try? await tenant.journal.recording(
                method: "POST", path: TokenEndpoint.path, plainRequest: true,
                {
                    await TokenEndpoint.answer(
                        tenant: tenant, body: Data(body.readableBytesView), contentType: headers.value("content-type"),
                        authorization: headers.value("authorization"), host: headers.value("host"))
                }, status: { result in (try? result.get()).map { Int($0.status.code) } ?? 500 }))
            ?? JSONResponse.errorParts(.serverError("Unexpected error"))
    }

    /// The slot's tenant when a request on `host` is the tenant's own and no fault is armed.
    private func tenant(host: String?) -> Tenant? {
        let (tenant, providers) = slot.served
        let hostName = ProviderRoutingMiddleware.hostName(host ?? "")
        guard tenant.faults.isEmpty, !ProviderRoutingMiddleware.isProviderHost(hostName, providers: providers) else {
            return nil
        }
        return tenant
    }

    /// The body length a request announces: its single `Content-Length`, 0 without one; nil for a
    /// chunked body or a malformed length.
    private static func bodyLength(_ headers: HTTPHeaders) -> Int? {
        if headers.contains(name: "transfer-encoding") { return nil }
        let lengths = headers["content-length"]
        if lengths.isEmpty { return 0 }
        guard lengths.count == 1, let length = Int(lengths[0]), length >= 0 else { return nil }
        return length
    }
}

/// A discovery document a connection was answered, with what it was made for.
struct DocumentMemo {
    let tenant: Tenant
    let uri: String
    let host: String?
    let bytes: Data
}

extension HTTPHeaders {
    /// The values of the field `name` joined with ", " as `HTTPFields` reads them; nil when absent.
    fileprivate func value(_ name: String) -> String? {
        let values = self[name]
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }
}
