import FakeAuth0
import FakeProviders
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Where and how the fake listens.
public struct ServerConfiguration: Sendable {
    /// The address to bind; loopback unless told otherwise.
    public var host: String
    /// The port; 0 picks a free one.
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 4010) {
        self.host = host
        self.port = port
    }
}

/// Builds the HTTP front of a tenant: routes that parse requests, call the tenant and write responses.
public enum FakeAuth0Server {
    /// The router with every tenant endpoint; `scheme` is what the listener serves (`http` or `https`).
    public static func buildRouter(
        tenant: Tenant, providers: Providers, scheme: String = "http"
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        // Every request, provider APIs included, with the domain events it caused.
        router.add(middleware: JournalMiddleware(journal: tenant.journal))
        // Injected faults, before anything else sees the request.
        router.add(middleware: FaultMiddleware(tenant: tenant, scheme: scheme))
        // The stub Google, GitHub and Slack APIs, by Host or path prefix.
        router.add(middleware: ProviderRoutingMiddleware(providers: providers, scheme: scheme))
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: ErrorMiddleware())
        WellKnownRoutes(tenant: tenant, scheme: scheme).register(on: router)
        TokenRoutes(tenant: tenant).register(on: router)
        RegistrationRoutes(tenant: tenant).register(on: router)
        UserInfoRoutes(tenant: tenant).register(on: router)
        BackchannelRoutes(tenant: tenant).register(on: router)
        AdminRoutes(tenant: tenant).register(on: router)
        AdminJournalRoutes(tenant: tenant).register(on: router)
        AdminFaultRoutes(tenant: tenant).register(on: router)
        ApprovalDevicePage(tenant: tenant).register(on: router)
        MyAccountRoutes(tenant: tenant, scheme: scheme).register(on: router)
        ConnectConsentPage(tenant: tenant).register(on: router)
        AdminVaultRoutes(tenant: tenant).register(on: router)
        AuthorizeRoutes(tenant: tenant).register(on: router)
        LogoutRoutes(tenant: tenant).register(on: router)
        AdminProviderRoutes(providers: providers).register(on: router)
        ProtectedAPIRoutes(providers: providers).register(on: router)
        FGARoutes(tenant: tenant).register(on: router)
        AdminFGARoutes(fga: tenant.fga).register(on: router)
        return router
    }

    /// An application serving `tenant` over HTTP. `onListening` receives the bound port.
    public static func buildApplication(
        tenant: Tenant, providers: Providers, configuration: ServerConfiguration, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            responder: ConnectionResponder(
                router: buildRouter(tenant: tenant, providers: providers, scheme: "http").buildResponder()),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}
