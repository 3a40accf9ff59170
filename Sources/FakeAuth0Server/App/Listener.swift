import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One listener of the fake: Hummingbird's HTTP server answering through `responder`, run as a
/// service of the fake's own service group. Per request it does what Hummingbird's
/// `Application.run` does (a request id in the logger's metadata, a 500 for an error no middleware
/// answered, the `Date` header), without that method's own service group, which names each service it
/// runs by printing it, nor its date cache, whose first use sets up Foundation's calendars: together
/// milliseconds of every start. The `Date` header comes from `HTTPDate`, as on the fast lane.
struct Listener<Responder: HTTPResponder>: Service
where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
    let responder: Responder
    let server: HTTPServerBuilder
    /// Where to bind.
    let address: BindAddress
    let logger: Logger
    /// Runs once the listener is bound.
    let onServerRunning: @Sendable (any Channel) async -> Void

    func run() async throws {
        let responder = self.responder
        let logger = self.logger
        let server = try server.buildServer(
            configuration: .init(address: address), eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: logger,
            responder: { request, writer, channel in
                var logger = logger
                logger[metadataKey: "hb.request.id"] = .stringConvertible(RequestID())
                var response: Response
                do {
                    response = try await responder.respond(
                        to: request, context: .init(source: .init(channel: channel, logger: logger)))
                } catch let error as HTTPParserError {
                    throw error
                } catch {
                    logger.debug("Unrecognised Error", metadata: ["error.type": "\(error)"])
                    response = Response(status: .internalServerError, body: .init())
                }
                response.headers[.date] = HTTPDate.text(second: time(nil))
                do {
                    try await writer.write(response: response.head, body: response.body)
                } catch is HTTPParserError {
                    // not the parser's error, which would have the channel answer a second time
                    throw ParseErrorWhileWritingResponse()
                }
            },
            onServerRunning: onServerRunning)
        try await server.run()
    }
}

/// A request that turned out malformed while its response was being written: the connection closes
/// without a second response.
private struct ParseErrorWhileWritingResponse: Error {}
