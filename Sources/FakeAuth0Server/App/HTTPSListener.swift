import FakeAuth0
import FakeProviders
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import ServiceLifecycle

extension FakeAuth0Server {
    /// A listener serving the tenant in `slot` over HTTPS with `credentials`, on the same routes as
    /// HTTP; discovery documents then name `https://` endpoints. `onListening` receives the bound port.
    static func buildHTTPSListener(
        slot: TenantSlot, configuration: ServerConfiguration, credentials: TLSCredentials,
        control: ControlOptions = .init(), logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some Service {
        Listener(
            responder: ConnectionResponder(router: responder(slot: slot, scheme: "https", control: control)),
            server: try .tls(
                .http1(lane: fastLane(slot: slot, scheme: "https", logger: logger)),
                tlsConfiguration: credentials.serverConfiguration()),
            address: .hostname(configuration.host, port: configuration.port), logger: logger,
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) })
    }
}
