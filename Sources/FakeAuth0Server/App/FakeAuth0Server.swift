import FakeAuth0
import FakeProviders
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Where and how the fake listens.
public struct ServerConfiguration: Sendable {
    /// The address to bind; loopback unless told otherwise.
    public var host: String
    /// The port; 0 picks a free one.
    public var port: Int
    /// On the HTTP listener, how long a proxy client has to send a whole `CONNECT` head and then to
    /// complete the tunnel's TLS handshake.
    public var proxyTimeout: Duration
    public init(host: String = "127.0.0.1", port: Int = 4010, proxyTimeout: Duration = .seconds(10)) {
        self.host = host
        self.port = port
        self.proxyTimeout = proxyTimeout
    }

    /// Whether `host` is a loopback address (or `localhost`), reachable from this machine only.
    public static func isLoopback(_ host: String) -> Bool {
        // brackets trimmed by hand: Foundation's CharacterSet costs its first use at every start
        let name = host.lowercased().trimmingPrefix { $0 == "[" || $0 == "]" }
        let trimmed = name[
            ..<(name.lastIndex { $0 != "[" && $0 != "]" }.map { name.index(after: $0) } ?? name.startIndex)]
        return trimmed == "localhost" || trimmed == "::1" || trimmed.hasPrefix("127.")
    }
}

/// What a listener's control API can do beyond its tenant: the CA file `env` exports, and (for the
/// process's own tenant) the registry of tenants made on demand.
public struct ControlOptions: Sendable {
    /// The CA certificate clients trust for HTTPS (the ready file's `ca_file`), when HTTPS is on.
    public var caFile: String?
    /// Where `/__admin/tenants` makes tenants; nil for tenants made on demand.
    public var registry: TenantRegistry?

    /// The token every `/__admin` request must present as `Authorization: Bearer …`; nil leaves the
    /// control API open (the default on loopback).
    public var adminToken: String?

    public init(caFile: String? = nil, registry: TenantRegistry? = nil, adminToken: String? = nil) {
        self.caFile = caFile
        self.registry = registry
        self.adminToken = adminToken
    }
}

/// Builds the HTTP front of a tenant: routes that parse requests, call the tenant and write responses.
public enum FakeAuth0Server {
    /// The router with every tenant endpoint; `scheme` is what the listener serves (`http` or `https`).
    /// GET routes answer HEAD too, with the same status and headers and no body. With `control.adminToken`,
    /// the control API needs it.
    /// Reset and scenario loading act on `slot` (by default one holding just this tenant).
    public static func buildRouter(
        tenant: Tenant, providers: Providers, scheme: String = "http", slot: TenantSlot? = nil,
        control: ControlOptions = .init()
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        if let adminToken = control.adminToken { router.add(middleware: AdminTokenMiddleware(token: adminToken)) }
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
        AdminDashboardRoutes(tenant: tenant, providers: providers).register(on: router)
        AdminJournalRoutes(tenant: tenant).register(on: router)
        AdminFaultRoutes(tenant: tenant).register(on: router)
        AdminKeyRoutes(tenant: tenant).register(on: router)
        AdminRefreshTokenRoutes(tenant: tenant).register(on: router)
        AdminTokenSkewRoutes(tenant: tenant).register(on: router)
        let slot = slot ?? TenantSlot(tenant)
        AdminTenantRoutes(slot: slot, caFile: control.caFile).register(on: router)
        if let registry = control.registry { AdminTenantsRoutes(registry: registry, slot: slot).register(on: router) }
        OpenAPIRoutes(tenant: tenant, scheme: scheme).register(on: router)
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

    /// The responder of a listener serving `slot`: the routes of its current tenant.
    static func responder(slot: TenantSlot, scheme: String, control: ControlOptions) -> SlotResponder {
        SlotResponder(slot: slot) { tenant, providers in
            buildRouter(tenant: tenant, providers: providers, scheme: scheme, slot: slot, control: control)
                .buildResponder()
        }
    }

    /// What a listener answers on the event loop (documents, token requests), or nil at `--log-level debug`, where every
    /// request goes through the routes to get its log line.
    static func fastLane(slot: TenantSlot, scheme: String, logger: Logger) -> FastLane? {
        logger.logLevel <= .debug ? nil : FastLane(slot: slot, scheme: scheme)
    }

    /// A listener serving the tenant in `slot` over HTTP, and as an HTTP proxy to the hosts the fake
    /// serves (`CONNECT` tunnels terminated with certificates from `tunnelIssuer`, refused without one).
    /// `onListening` receives the bound port.
    static func buildListener(
        slot: TenantSlot, configuration: ServerConfiguration, control: ControlOptions = .init(),
        tunnelIssuer: HostCertificateIssuer? = nil, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some Service {
        let policy = ProxyPolicy(slot: slot)
        let proxy = ProxyResponder(
            plain: responder(slot: slot, scheme: "http", control: control),
            tunnel: responder(slot: slot, scheme: "https", control: control), policy: policy)
        return Listener(
            responder: ConnectionResponder(router: proxy),
            server: .proxying(
                policy: policy, certificates: tunnelIssuer.map(TunnelCertificates.init),
                timeout: TimeAmount(configuration.proxyTimeout),
                lane: fastLane(slot: slot, scheme: "http", logger: logger)),
            address: .hostname(configuration.host, port: configuration.port), logger: logger,
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) })
    }
}
