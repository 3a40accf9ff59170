import FakeAuth0
import Foundation
import Hummingbird
import Logging
import NIOCore

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
                return JSONResponse.error(.notFound("Not found: \(request.method) \(request.uri.path)"))
            case .contentTooLarge:
                return JSONResponse.error(.init("invalid_request", "The request body is too large", kind: .tooLarge))
            case .methodNotAllowed:
                var response = JSONResponse.error(.invalidRequest("Method not allowed"))
                response.status = .methodNotAllowed
                return response
            default:
                var response = JSONResponse.error(.invalidRequest(error.body ?? error.status.reasonPhrase))
                response.status = error.status
                return response
            }
        } catch is NIOTooManyBytesError {
            // A body read past its limit (sent without a Content-Length that announced it).
            return JSONResponse.error(.init("invalid_request", "The request body is too large", kind: .tooLarge))
        } catch let error as any HTTPResponseError {
            // Hummingbird's and NIO's own failures: their status, never their type names.
            var response = JSONResponse.error(.invalidRequest(error.status.reasonPhrase))
            response.status = error.status
            return response
        } catch {
            // The description goes to the log only: an error body never names internal types.
            context.logger.error("unexpected error: \(error)")
            return JSONResponse.error(.serverError("Unexpected error"))
        }
    }
}
