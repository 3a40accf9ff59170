import FakeAuth0
import FakeProviders
import Foundation
import NIOCore
import NIOHTTP1

/// The JWKS and discovery documents of the tenant in a slot, for `StaticDocumentHandler`: the bytes a
/// `GET` or `HEAD` of one of them is answered with, or nil when the request must go to the routes.
///
/// Nil whenever the routes would answer differently or need to see the request: another path (a query
/// string included), a provider's host (its stub API answers there), or a fault armed on the tenant.
/// A request answered here is recorded in the journal as the routes record it: one `request` entry.
struct StaticDocuments: Sendable {
    static let jwksPath = "/.well-known/jwks.json"
    static let discoveryPaths: Set<String> = [
        "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server",
    ]

    let slot: TenantSlot
    /// What the listener serves (`http` or `https`): discovery documents name their endpoints under it.
    let scheme: String

    func answer(method: HTTPMethod, uri: String, host: String?) -> Data? {
        guard method == .GET || method == .HEAD else { return nil }
        let isJWKS = uri == Self.jwksPath
        guard isJWKS || Self.discoveryPaths.contains(uri) else { return nil }
        let (tenant, providers) = slot.served
        let hostName = ProviderRoutingMiddleware.hostName(host ?? "")
        guard tenant.faults.isEmpty, !ProviderRoutingMiddleware.isProviderHost(hostName, providers: providers) else {
            return nil
        }
        let bytes =
            isJWKS
            ? tenant.keys.jwksJSON
            : tenant.discoveryDocument(
                issuer: tenant.issuer(forHost: host ?? "localhost"), baseURL: "\(scheme)://\(host ?? "localhost")")
        tenant.journal.requestServed(method: method.rawValue, path: uri, status: 200)
        return bytes
    }
}
