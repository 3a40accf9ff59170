import Hummingbird
import Logging
import NIOCore

/// The connection a request arrived on, for the one effect that needs it: a fault that drops the
/// connection without answering. `BasicRequestContext` does not keep the channel, so the outermost
/// responder publishes it to the task that serves the request.
enum CurrentConnection {
    @TaskLocal static var channel: (any Channel)?
}

/// What the application hands the outermost responder: the source of a request context, channel included.
struct ConnectionContext: InitializableFromSource {
    let channel: any Channel
    let logger: Logger

    init(source: ApplicationRequestContextSource) {
        channel = source.channel
        logger = source.logger
    }
}

/// Runs the router with the request's channel published in `CurrentConnection.channel`.
struct ConnectionResponder: HTTPResponder {
    let router: any HTTPResponder<BasicRequestContext>

    func respond(to request: Request, context: ConnectionContext) async throws -> Response {
        try await CurrentConnection.$channel.withValue(context.channel) {
            try await router.respond(
                to: request,
                context: BasicRequestContext(
                    source: ApplicationRequestContextSource(channel: context.channel, logger: context.logger)))
        }
    }
}
