import NIOCore
import NIOHTTP1

/// Between the HTTP/1.1 decoder and the conversion to HTTP types, which keeps only the path of an
/// absolute-form request target (`GET http://host/…`, what clients send a plain-HTTP proxy). Copies
/// any target that is not origin-form (`/…`) into `X-Fake-Auth0-Proxy-URI` so `ProxyResponder` can
/// route or refuse it by its real host.
final class AbsoluteFormMarker: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    static let header = "X-Fake-Auth0-Proxy-URI"

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data), head.uri.utf8.first != UInt8(ascii: "/") else {
            context.fireChannelRead(data)
            return
        }
        head.headers.replaceOrAdd(name: Self.header, value: head.uri)
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}
