import NIOCore
import NIOHTTP1
import Synchronization

/// Answers `GET` and `HEAD` for the tenant's JWKS and discovery documents on the event loop, right
/// after the HTTP/1.1 decoder: no task, no router, no middleware, bytes made once. Everything else,
/// and these documents whenever the routes must see them (see `StaticDocuments.answer`), goes on to
/// the routes untouched.
///
/// Responses stay in request order: a request is answered here only when every earlier request on the
/// connection has been answered completely, else it goes to the routes behind the ones before it.
final class StaticDocumentHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    let documents: StaticDocuments
    /// The connection's `CONNECT` tunnel, whose requests are served under the tunnel's host.
    let tunnel: TunnelState?
    /// Requests handed to the routes whose response has not ended yet.
    private var pending = 0
    /// Whether the rest of a request answered here (its body and end) is still to be read and dropped.
    private var dropping = false
    private var needsFlush = false

    init(documents: StaticDocuments, tunnel: TunnelState? = nil) {
        self.documents = documents
        self.tunnel = tunnel
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if pending == 0, head.version == .http1_1, head.isKeepAlive,
                tunnel?.authority.withLock({ $0 }) == nil,
                let document = documents.answer(
                    method: head.method, uri: head.uri, host: head.headers.first(name: "host"))
            {
                write(document, to: head.method, context: context)
                dropping = true
                return
            }
            pending += 1
            context.fireChannelRead(data)
        case .body:
            if !dropping { context.fireChannelRead(data) }
        case .end:
            if dropping {
                dropping = false
            } else {
                context.fireChannelRead(data)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), pending > 0 { pending -= 1 }
        context.write(data, promise: promise)
    }

    private func write(_ document: ByteBuffer, to method: HTTPMethod, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.reserveCapacity(4)
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Cache-Control", value: "public, max-age=15")
        headers.add(name: "Content-Length", value: String(document.readableBytes))
        headers.add(name: "Date", value: HTTPDate.now())
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        if method != .HEAD { context.write(wrapOutboundOut(.body(.byteBuffer(document))), promise: nil) }
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        needsFlush = true
    }
}
