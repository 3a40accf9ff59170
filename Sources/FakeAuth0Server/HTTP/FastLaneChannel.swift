import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1.1 channel with a `FastLaneHandler` right after the HTTP decoder: the
/// HTTPS listener's connections (the HTTP listener's are `ProxyChildChannel`s, which add it too).
struct FastLaneChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http: HTTP1Channel
    let lane: FastLane

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let lane = self.lane
        return http.setup(channel: channel, logger: logger).flatMapThrowing { value in
            try channel.pipeline.syncOperations.addFastLaneHandler(lane: lane)
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http.handle(value: value, logger: logger)
    }
}

extension ChannelPipeline.SynchronousOperations {
    /// Puts a `FastLaneHandler` for `lane` right after the HTTP/1.1 request decoder.
    func addFastLaneHandler(lane: FastLane, tunnel: TunnelState? = nil) throws {
        let decoder = try handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
        try addHandler(FastLaneHandler(lane: lane, tunnel: tunnel), position: .after(decoder))
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 whose connections answer the tenant's JWKS, discovery documents and token requests on
    /// the event loop (`FastLaneHandler`); plain `.http1()` when `lane` is nil.
    static func http1(lane: FastLane?) -> HTTPServerBuilder {
        guard let lane else { return .http1() }
        return HTTPServerBuilder { responder in
            FastLaneChannel(http: HTTP1Channel(responder: responder), lane: lane)
        }
    }
}
