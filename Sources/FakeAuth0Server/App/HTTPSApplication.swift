import FakeAuth0
import FakeProviders
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore

extension FakeAuth0Server {
    /// An application serving the tenant in `slot` over HTTPS with `credentials`, on the same routes as
    /// HTTP; discovery documents then name `https://` endpoints. `onListening` receives the bound port.
    public static func buildHTTPSApplication(
        slot: TenantSlot, configuration: ServerConfiguration, credentials: TLSCredentials,
        control: ControlOptions = .init(), logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        Application(
            responder: ConnectionResponder(router: responder(slot: slot, scheme: "https", control: control)),
            server: try .tls(
                .http1(lane: fastLane(slot: slot, scheme: "https", logger: logger)),
                tlsConfiguration: credentials.serverConfiguration()),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}
