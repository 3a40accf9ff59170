import FakeAuth0
import HTTPTypes
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// The HTTP listener's connections: Hummingbird's HTTP/1.1 channel with the proxy around it — a
/// `ConnectHandler` first (it opens `CONNECT` tunnels and otherwise steps aside) and an
/// `AbsoluteFormMarker` after the HTTP decoder. Requests read from a tunnel reach the responder with
/// scheme `https` and the tunnel's host as authority.
struct ProxyChildChannel: ServerChildChannel {
    /// The HTTP channel's value, with the connection's tunnel state.
    struct Value: ServerChildChannelValue {
        let http: HTTP1Channel.Value
        let tunnel: TunnelState
        var channel: any Channel { http.channel }
    }

    let http: HTTP1Channel
    let policy: ProxyPolicy
    let certificates: TunnelCertificates?
    let timeout: TimeAmount
    /// What is answered on the event loop (nil: every request goes to the routes).
    let lane: FastLane?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let tunnel = TunnelState()
        let (policy, certificates, timeout, lane) = (
            self.policy, self.certificates, self.timeout, self.lane
        )
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(
                ConnectHandler(
                    policy: policy, certificates: certificates, tunnel: tunnel, timeout: timeout, logger: logger),
                position: .first)
        }.flatMap {
            http.setup(channel: channel, logger: logger)
        }.flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            let decoder = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try operations.addHandler(AbsoluteFormMarker(), position: .after(decoder))
            if let lane { try operations.addFastLaneHandler(lane: lane, tunnel: tunnel) }
            return Value(http: value, tunnel: tunnel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        let base = http.responder
        let tunnel = value.tunnel
        let served = HTTP1Channel(
            responder: { request, writer, channel in
                guard let authority = tunnel.authority.withLock({ $0 }) else {
                    return try await base(request, writer, channel)
                }
                var head = request.head
                head.scheme = "https"
                head.authority = authority
                try await base(Request(head: head, body: request.body), writer, channel)
            }, configuration: http.configuration)
        await served.handle(value: value.http, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with the proxy: `CONNECT` tunnels terminated with certificates from `certificates`
    /// (refused when nil), absolute-form requests marked for `ProxyResponder`.
    static func proxying(
        policy: ProxyPolicy, certificates: TunnelCertificates?, timeout: TimeAmount, lane: FastLane?
    ) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            ProxyChildChannel(
                http: HTTP1Channel(responder: responder), policy: policy, certificates: certificates,
                timeout: timeout, lane: lane)
        }
    }
}
