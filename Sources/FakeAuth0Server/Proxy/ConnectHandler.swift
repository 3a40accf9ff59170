import HTTPTypes
import Logging
import NIOCore
import NIOSSL
import NIOTLS
import Synchronization

/// The authority a connection's `CONNECT` tunnel was opened to; set before the tunnel's TLS starts, so
/// every request read from the tunnel sees it.
final class TunnelState: Sendable {
    let authority = Mutex<String?>(nil)
}

/// First on every connection of the HTTP listener. Ordinary requests pass untouched: the handler
/// removes itself at the first byte that cannot begin `CONNECT `. For a `CONNECT host:port` the policy
/// allows, it answers `200 Connection Established`, puts TLS with a certificate for that host (whatever
/// the client's SNI says) in front of the HTTP pipeline and removes itself, so the tunnel's requests
/// reach the same routes. A refused or malformed `CONNECT` gets a status line and JSON body naming the
/// reason, then the connection closes. A `CONNECT` head not complete within `timeout` closes the
/// connection, and so does a tunnel whose TLS handshake does not complete within `timeout`.
final class ConnectHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    static let method = Array("CONNECT ".utf8)
    /// The most a `CONNECT` head may take, request line and headers.
    static let maxHead = 8192

    let policy: ProxyPolicy
    let certificates: TunnelCertificates?
    let tunnel: TunnelState
    let timeout: TimeAmount
    let logger: Logger
    private var buffered: ByteBuffer?
    private var deadline: Scheduled<Void>?
    private var finished = false

    init(
        policy: ProxyPolicy, certificates: TunnelCertificates?, tunnel: TunnelState, timeout: TimeAmount,
        logger: Logger
    ) {
        self.policy = policy
        self.certificates = certificates
        self.tunnel = tunnel
        self.timeout = timeout
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !finished else { return }
        var incoming = unwrapInboundIn(data)
        var received = buffered ?? context.channel.allocator.buffer(capacity: incoming.readableBytes)
        received.writeBuffer(&incoming)
        buffered = received
        let bytes = received.readableBytesView
        let compared = min(bytes.count, Self.method.count)
        guard bytes.prefix(compared).elementsEqual(Self.method.prefix(compared)) else {
            passThrough(context: context)
            return
        }
        armDeadline(context: context)
        guard let headLength = Self.headLength(bytes) else {
            if bytes.count > Self.maxHead {
                refuse(
                    context: context, ProxyRefusal(status: .badRequest, target: nil, reason: "CONNECT head too large"))
            }
            return
        }
        guard let head = received.readSlice(length: headLength) else { return }
        buffered = received
        open(context: context, head: String(decoding: head.readableBytesView, as: UTF8.self))
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelDeadline()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelDeadline()
    }

    /// Not a `CONNECT`: hand what arrived to the HTTP pipeline and step aside.
    private func passThrough(context: ChannelHandlerContext) {
        finished = true
        cancelDeadline()
        if let buffered { context.fireChannelRead(wrapInboundOut(buffered)) }
        buffered = nil
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    /// Answers a complete `CONNECT` head: opens the tunnel or refuses it.
    private func open(context: ChannelHandlerContext, head: String) {
        // "\r\n" is one Character: split on any newline
        let requestLine = head.split(maxSplits: 1, whereSeparator: \.isNewline).first ?? ""
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0" else {
            refuse(context: context, ProxyRefusal(status: .badRequest, target: nil, reason: "malformed CONNECT line"))
            return
        }
        guard let target = ProxyTarget(authority: parts[1]), target.port != nil else {
            let shown = String(parts[1].prefix(100).unicodeScalars.filter { $0.value >= 0x21 && $0.value < 0x7F })
            refuse(
                context: context,
                ProxyRefusal(
                    status: .badRequest, target: nil, reason: "malformed CONNECT target '\(shown)' (expected host:port)"
                ))
            return
        }
        let authority: String
        switch policy.tunnel(to: target) {
        case .refused(let refusal):
            refuse(context: context, refusal)
            return
        case .allowed(let allowed): authority = allowed
        }
        guard let certificates else {
            refuse(
                context: context,
                ProxyRefusal(
                    status: .badGateway, target: target,
                    reason: "fake-auth0 serves no HTTPS (--no-https): no tunnel to \(target)"))
            return
        }
        let sslContext: NIOSSLContext
        do {
            sslContext = try certificates.context(for: target.host)
        } catch {
            logger.error("proxy: cannot issue a certificate for \(target.host): \(error)")
            refuse(
                context: context,
                ProxyRefusal(status: .badGateway, target: target, reason: "no certificate for \(target.host)"))
            return
        }
        finished = true
        cancelDeadline()
        tunnel.authority.withLock { $0 = authority }
        logger.debug("proxy: tunnel to \(target)")
        let leftover = buffered.flatMap { $0.readableBytes > 0 ? $0 : nil }
        buffered = nil
        context.writeAndFlush(
            NIOAny(ByteBuffer(string: "HTTP/1.1 200 Connection Established\r\n\r\n")), promise: nil)
        do {
            let tls = NIOSSLServerHandler(context: sslContext)
            let operations = context.pipeline.syncOperations
            try operations.addHandler(tls, position: .after(self))
            try operations.addHandler(TunnelHandshakeDeadline(timeout: timeout, logger: logger), position: .after(tls))
            if let leftover { context.fireChannelRead(wrapInboundOut(leftover)) }
            operations.removeHandler(context: context, promise: nil)
        } catch {
            logger.error("proxy: cannot start TLS in the tunnel to \(target): \(error)")
            context.close(promise: nil)
        }
    }

    /// Writes the refusal, logs it and closes the connection.
    private func refuse(context: ChannelHandlerContext, _ refusal: ProxyRefusal) {
        finished = true
        cancelDeadline()
        buffered = nil
        logger.warning("proxy refused CONNECT\(refusal.target.map { " \($0)" } ?? ""): \(refusal.reason)")
        let body = refusal.body
        let response =
            "HTTP/1.1 \(refusal.status.code) \(refusal.reasonPhrase)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        context.writeAndFlush(NIOAny(ByteBuffer(string: response))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    /// Closes the connection when the `CONNECT` head has not arrived in time.
    private func armDeadline(context: ChannelHandlerContext) {
        guard deadline == nil else { return }
        let logger = self.logger
        let timeout = self.timeout
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            logger.info("proxy: closing a connection whose CONNECT head did not arrive within \(timeout)")
            context.close(promise: nil)
        }
    }

    private func cancelDeadline() {
        deadline?.cancel()
        deadline = nil
    }

    /// The length of the head up to and including its blank line (CRLF CRLF, or bare LFs), if complete.
    static func headLength(_ bytes: ByteBufferView) -> Int? {
        var index = bytes.startIndex
        var previousNewline = false
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                if previousNewline { return bytes.distance(from: bytes.startIndex, to: index) + 1 }
                previousNewline = true
            } else if byte != UInt8(ascii: "\r") {
                previousNewline = false
            }
            index = bytes.index(after: index)
        }
        return nil
    }
}

/// Right behind the TLS handler of a fresh tunnel: closes the connection when the client has not
/// completed the TLS handshake within `timeout`, then steps aside once it has.
final class TunnelHandshakeDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    let timeout: TimeAmount
    let logger: Logger
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount, logger: Logger) {
        self.timeout = timeout
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let logger = self.logger
        let timeout = self.timeout
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            logger.info("proxy: closing a tunnel whose TLS handshake did not complete within \(timeout)")
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        context.fireUserInboundEventTriggered(event)
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls {
            deadline?.cancel()
            deadline = nil
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }
}
