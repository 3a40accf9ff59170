import Foundation
import Hummingbird
import Logging

/// Logs one line per request at debug level (`--log-level debug`): method, path, status and time taken.
/// At any other level a request costs one level check here: a line per request is a blocking write to
/// stderr, more than the fake spends on answering a JWKS or discovery request.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard context.logger.logLevel <= .debug else { return try await next(request, context) }
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        context.logger.debug(
            "\(request.method) \(request.uri.path) \(response.status.code) \(String(format: "%.1f", ms))ms")
        return response
    }
}
