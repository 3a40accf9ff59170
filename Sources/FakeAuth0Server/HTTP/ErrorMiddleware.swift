import FakeAuth0
import Foundation
import Hummingbird
import Logging

/// Turns anything a route throws into a JSON error in Auth0's shape, so no request ends in an
/// empty or HTML body: unknown paths are 404 `not_found`, unexpected failures 500 `server_error`.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as OAuthError {
            return JSONResponse.error(error)
        } catch let error as HTTPError {
            switch error.status {
            case .notFound:
                return JSONResponse.error(
                    .init("not_found", "Not found: \(request.method) \(request.uri.path)", status: 404))
            case .contentTooLarge:
                return JSONResponse.error(.init("invalid_request", "The request body is too large", status: 413))
            case .methodNotAllowed:
                return JSONResponse.error(.init("invalid_request", "Method not allowed", status: 405))
            default:
                return JSONResponse.error(
                    .init("invalid_request", error.body ?? error.status.reasonPhrase, status: error.status.code))
            }
        } catch {
            context.logger.error("unexpected error: \(error)")
            return JSONResponse.error(.serverError("Unexpected error: \(error)"))
        }
    }
}
