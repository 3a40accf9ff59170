import FakeAuth0
import Foundation
import Hummingbird

/// Records every request in the tenant's journal: the domain events it caused, stamped with its
/// method, path and status, or one plain `request` entry when it caused none. Reads of the control
/// API (and of the journal itself) are not recorded.
struct JournalMiddleware<Context: RequestContext>: RouterMiddleware {
    let journal: Journal

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path
        if path.hasPrefix("/__admin/journal") { return try await next(request, context) }
        let isRead = request.method == .get || request.method == .head
        return try await journal.recording(
            method: request.method.rawValue, path: path, plainRequest: !(isRead && path.hasPrefix("/__admin")),
            { try await next(request, context) },
            status: { result in
                switch result {
                case .success(let response): Int(response.status.code)
                case .failure(let error as HTTPError): Int(error.status.code)
                case .failure(is FaultDropped): 0
                case .failure: 500
                }
            })
    }
}
