import FakeAuth0
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Applies the tenant's injected faults, first on the main router so it sees every request (provider
/// APIs included, by host or prefix) except the control API. With no fault active it costs one check.
///
/// For `/oauth/token` and `/bc-authorize` it reads the body (and hands it on unchanged) to know the
/// grant type, client and connection; tokens are resolved to a user only when a fault matches on one.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let tenant: Tenant
    let scheme: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let faults = tenant.faults
        let path = request.uri.path
        if faults.isEmpty || path == "/__admin" || path.hasPrefix("/__admin/") {
            return try await next(request, context)
        }
        var request = request
        var routedPath: String?
        if let prefix = ProviderRoutingMiddleware.hosts[ProviderRoutingMiddleware.hostName(request.host ?? "")] {
            routedPath = prefix + path
        }
        var parameters = RequestParameters()
        if request.method == .post, path == "/oauth/token" || path == "/bc-authorize" {
            let buffer: ByteBuffer
            do {
                buffer = try await request.collectBody(upTo: Request.maxBodySize)
            } catch {
                return JSONResponse.error(.init("invalid_request", "The request body is too large", kind: .tooLarge))
            }
            request = Request(head: request.head, body: RequestBody(buffer: buffer))
            var copy = request
            parameters = (try? await copy.parameters()) ?? RequestParameters()
        }
        let fitted = routedPath ?? path
        var described = FaultRequest(
            method: request.method.rawValue, path: path, routedPath: routedPath,
            endpoints: FaultEndpoint.kinds(path: fitted, grantType: parameters["grant_type"]),
            grantType: parameters["grant_type"])
        if faults.needsIdentity {
            described.client = parameters["client_id"] ?? (try? request.basicCredentials)??.clientID
            described.connection = parameters["connection"]
            let token = request.bearerToken ?? parameters["subject_token"] ?? parameters["refresh_token"]
            if let token, let subject = await tenant.faultSubject(token: token) {
                described.user = subject.user
                described.connection = described.connection ?? subject.connection
            }
        }
        guard let fault = faults.decide(described) else { return try await next(request, context) }
        return try await apply(fault, request: request, context: context, next: next)
    }

    func apply(
        _ fault: InjectedFault, request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let effect = fault.effect
        context.logger.info("fault \(fault.id) injected into \(request.method) \(request.uri.path)")
        if let latency = effect.latency, latency > 0 { try await Task.sleep(for: .milliseconds(latency)) }
        if effect.drop {
            try? await CurrentConnection.channel?.close()
            throw FaultDropped(id: fault.id)
        }
        if let hang = effect.hang { try await Task.sleep(for: .milliseconds(hang)) }
        if let status = effect.status ?? (effect.hang != nil ? 504 : effect.body != nil ? 200 : nil) {
            return FaultResponses.response(fault, status: status, now: tenant.clock.nowSeconds())
        }
        return FaultResponses.mark(try await next(request, context), fault)
    }
}

/// Thrown after a fault closed the connection: nothing can be answered.
struct FaultDropped: Error {
    let id: String
}
