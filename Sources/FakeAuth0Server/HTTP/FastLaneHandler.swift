import FakeAuth0
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import Synchronization

/// Answers what `FastLane` takes on the event loop, right after the HTTP/1.1 decoder: the tenant's JWKS
/// and discovery documents (no task, no router, no middleware, the response head and body made once a
/// second) and token requests (their body read here, one task for the tenant's answer, no router or
/// middleware). Everything else goes on to the routes untouched.
///
/// Responses stay in request order: a request is answered here only when every earlier request on the
/// connection has been answered completely, else it goes to the routes behind the ones before it. While
/// a token request is being answered, what arrives after it waits here (and reading pauses) until its
/// response is written.
final class FastLaneHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    let lane: FastLane
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
    /// The discovery document answered last, answered again for the same request to the same tenant.
    private var memo: DocumentMemo?
    /// A token request whose body is being read.
    private var token: (tenant: Tenant, head: HTTPRequestHead, body: ByteBuffer)?
    /// Whether a token request is being answered: what arrives meanwhile waits in `waiting`.
    private var answering = false
    private var waiting: [Waiting] = []
    /// Whether a read was held back while answering.
    private var readHeld = false

    init(lane: FastLane, tunnel: TunnelState? = nil) {
        self.lane = lane
        self.tunnel = tunnel
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if answering {
            waiting.append(.read(data))
            return
        }
        switch unwrapInboundIn(data) {
        case .head(let head):
            if closing { return }
            if pending == 0, head.version == .http1_1, tunnel?.authority.withLock({ $0 }) == nil {
                if let document = lane.document(
                    method: head.method, uri: head.uri, host: head.headers.first(name: "host"), memo: &memo)
                {
                    closing = !head.isKeepAlive
                    write(response(document, context: context), body: head.method != .HEAD, context: context)
                    dropping = true
                    return
                }
                if let tenant = lane.tokenTenant(head) {
                    token = (tenant, head, context.channel.allocator.buffer(capacity: 0))
                    return
                }
            }
            pending += 1
            context.fireChannelRead(data)
        case .body(var part):
            if token != nil {
                token?.body.writeBuffer(&part)
            } else if !dropping, !closing {
                context.fireChannelRead(data)
            }
        case .end:
            if closing { return }
            if let token {
                self.token = nil
                answer(token, context: context)
            } else if dropping {
                dropping = false
            } else {
                context.fireChannelRead(data)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded(context: context)
        context.fireChannelReadComplete()
    }

    /// A decoding error behind a request answered here waits for its response (the routes answer it
    /// with a 400 that must come after); behind a request that closes the connection it is dropped.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if closing { return }
        if answering {
            waiting.append(.error(error))
        } else {
            context.fireErrorCaught(error)
        }
    }

    func read(context: ChannelHandlerContext) {
        if answering {
            readHeld = true
        } else {
            context.read()
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), pending > 0 { pending -= 1 }
        context.write(data, promise: promise)
    }

    /// Answers a token request in a task; its response is written on the event loop, then what waited
    /// behind it is read.
    private func answer(
        _ token: (tenant: Tenant, head: HTTPRequestHead, body: ByteBuffer), context: ChannelHandlerContext
    ) {
        answering = true
        closing = !token.head.isKeepAlive
        let promise = context.eventLoop.makePromise(of: JSONResponseParts.self)
        promise.completeWithTask {
            await FastLane.answerToken(tenant: token.tenant, head: token.head, body: token.body)
        }
        promise.futureResult.assumeIsolated().whenSuccess { parts in
            guard context.channel.isActive else { return }
            self.write(parts, context: context)
            self.answering = false
            self.resume(context: context)
        }
    }

    /// Hands on what waited behind a token request (stopping again at the next one), then reads on.
    private func resume(context: ChannelHandlerContext) {
        var handedOn = false
        while !answering, !waiting.isEmpty {
            switch waiting.removeFirst() {
            case .read(let data):
                if case .head = unwrapInboundIn(data) { handedOn = true }
                channelRead(context: context, data: data)
            case .error(let error):
                errorCaught(context: context, error: error)
            }
        }
        if handedOn { context.fireChannelReadComplete() }
        flushIfNeeded(context: context)
        if !answering, readHeld {
            readHeld = false
            context.read()
        }
    }

    /// What arrived while a token request was being answered.
    private enum Waiting {
        case read(NIOAny)
        case error(any Error)
    }

    private func flushIfNeeded(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
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
        write(head: response.head, body: body ? response.body : nil, context: context)
    }

    /// Writes a JSON response with its `Content-Length` and `Date`, as the routes write it.
    private func write(_ parts: JSONResponseParts, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.reserveCapacity(parts.headers.count + 2)
        for field in parts.headers { headers.add(name: field.name.rawName, value: field.value) }
        headers.add(name: "Content-Length", value: String(parts.body.count))
        headers.add(name: "Date", value: HTTPDate.text(second: time(nil)))
        let status = HTTPResponseStatus(statusCode: Int(parts.status.code), reasonPhrase: parts.status.reasonPhrase)
        let head = HTTPResponseHead(version: .http1_1, status: status, headers: headers)
        write(head: head, body: context.channel.allocator.buffer(bytes: parts.body), context: context)
    }

    private func write(head: HTTPResponseHead, body: ByteBuffer?, context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        if closing {
            let channel = context.channel
            context.write(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        } else {
            context.write(wrapOutboundOut(.end(nil)), promise: nil)
        }
        needsFlush = true
    }
}
