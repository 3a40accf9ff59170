import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Answers `GET` and `HEAD` for the tenant's JWKS and discovery documents on the event loop, right
/// after the HTTP/1.1 decoder: no task, no router, no middleware, the response head and body made once
/// a second. Everything else, and these documents whenever the routes must see them (see
/// `StaticDocuments.answer`), goes on to the routes untouched.
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
    /// Whether a request answered here asked to close the connection: it closes once the response is
    /// written, and nothing read after that request is handled.
    private var closing = false
    /// The response written last, written again while its document and second are the same.
    private var lastResponse: DocumentResponse?

    init(documents: StaticDocuments, tunnel: TunnelState? = nil) {
        self.documents = documents
        self.tunnel = tunnel
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if closing { return }
            if pending == 0, head.version == .http1_1, tunnel?.authority.withLock({ $0 }) == nil,
                let document = documents.answer(
                    method: head.method, uri: head.uri, host: head.headers.first(name: "host"))
            {
                closing = !head.isKeepAlive
                write(response(document, context: context), body: head.method != .HEAD, context: context)
                dropping = true
                return
            }
            pending += 1
            context.fireChannelRead(data)
        case .body:
            if !dropping, !closing { context.fireChannelRead(data) }
        case .end:
            if closing { return }
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

    /// The response for `document`: the last one again when it is the same document in the same second.
    private func response(_ document: Data, context: ChannelHandlerContext) -> DocumentResponse {
        let second = time(nil)
        if let lastResponse, lastResponse.answers(document, second: second) { return lastResponse }
        let response = DocumentResponse(document: document, second: second, allocator: context.channel.allocator)
        lastResponse = response
        return response
    }

    /// Writes `response` through the HTTP encoder (which pairs each response head with its request),
    /// without its body for a `HEAD`; when `closing`, closes the connection once it is written.
    private func write(_ response: DocumentResponse, body: Bool, context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.head(response.head)), promise: nil)
        if body { context.write(wrapOutboundOut(.body(.byteBuffer(response.body))), promise: nil) }
        if closing {
            let channel = context.channel
            context.write(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        } else {
            context.write(wrapOutboundOut(.end(nil)), promise: nil)
        }
        needsFlush = true
    }
}
