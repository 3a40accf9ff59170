import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1.1 channel with a `StaticDocumentHandler` right after the HTTP decoder: the
/// HTTPS listener's connections (the HTTP listener's are `ProxyChildChannel`s, which add it too).
struct DocumentServingChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http: HTTP1Channel
    let documents: StaticDocuments

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let documents = self.documents
        return http.setup(channel: channel, logger: logger).flatMapThrowing { value in
            try channel.pipeline.syncOperations.addStaticDocumentHandler(documents: documents)
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http.handle(value: value, logger: logger)
    }
}

extension ChannelPipeline.SynchronousOperations {
    /// Puts a `StaticDocumentHandler` for `documents` right after the HTTP/1.1 request decoder.
    func addStaticDocumentHandler(documents: StaticDocuments, tunnel: TunnelState? = nil) throws {
        let decoder = try handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
        try addHandler(StaticDocumentHandler(documents: documents, tunnel: tunnel), position: .after(decoder))
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 whose connections answer the tenant's JWKS and discovery documents on the event loop
    /// (`StaticDocumentHandler`); plain `.http1()` when `documents` is nil.
    static func http1(documents: StaticDocuments?) -> HTTPServerBuilder {
        guard let documents else { return .http1() }
        return HTTPServerBuilder { responder in
            DocumentServingChannel(http: HTTP1Channel(responder: responder), documents: documents)
        }
    }
}
