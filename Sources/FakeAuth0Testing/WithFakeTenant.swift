import FakeAuth0
import FakeAuth0Server
import Foundation
import Logging
import ServiceLifecycle

/// A tenant running in-process on 127.0.0.1 with a free port, for Swift tests.
public struct FakeTenant: Sendable {
    /// The tenant itself: its clock, keys and configuration, for driving it directly.
    public let tenant: Tenant
    /// The bound port.
    public let port: Int
    /// The bound HTTPS port, when started with `https: true`.
    public let httpsPort: Int?
    /// The local CA certificate (PEM) the HTTPS listener's certificate chains to, when started with `https: true`.
    public let caCertificatePEM: String?

    /// `http://127.0.0.1:{port}`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
    /// `https://127.0.0.1:{httpsPort}`, when started with `https: true`.
    public var httpsBaseURL: URL? { httpsPort.map { URL(string: "https://127.0.0.1:\($0)")! } }
    /// The domain an SDK should be given (`AUTH0_DOMAIN`).
    public var domain: String { tenant.config.settings.domain ?? "127.0.0.1:\(port)" }
    /// The issuer every token carries: `https://{domain}/`.
    public var issuer: String { "https://\(domain)/" }
    /// The tenant's virtual clock.
    public var clock: TenantClock { tenant.clock }

    /// The URL of an endpoint, e.g. `url("/oauth/token")`.
    public func url(_ path: String) -> URL { baseURL.appending(path: path) }
}

/// Runs `body` against a fresh in-memory tenant served on 127.0.0.1 with a free port, and always
/// shuts the server down afterwards, also when `body` throws. With `https: true` it also serves HTTPS
/// on a second free port, with a certificate from a fresh in-memory CA (`FakeTenant.caCertificatePEM`).
///
/// ```swift
/// try await withFakeTenant(scenario: scenario) { fake in
///     var request = URLRequest(url: fake.url("/oauth/token"))
///     request.httpMethod = "POST"
///     // …
/// }
/// ```
public func withFakeTenant<T: Sendable>(
    scenario: Scenario? = nil,
    store: StateStore? = nil,
    clock: TenantClock = TenantClock(),
    https: Bool = false,
    logLevel: Logger.Level = .warning,
    _ body: @Sendable (FakeTenant) async throws -> T
) async throws -> T {
    let tenant = try await Tenant.start(
        scenario: try scenario ?? ScenarioLoader.defaultScenario(), store: try store ?? StateStore.inMemory(),
        clock: clock)
    var logger = Logger(label: "fake-auth0")
    logger.logLevel = logLevel
    let (ports, continuation) = AsyncStream.makeStream(of: BoundPort.self)
    var services: [any Service] = [
        FakeAuth0Server.buildApplication(
            tenant: tenant, configuration: .init(host: "127.0.0.1", port: 0), logger: logger,
            onListening: { port in continuation.yield(.http(port)) })
    ]
    var credentials: TLSCredentials?
    if https {
        let issued = try CertificateStore.inMemory.credentials(
            for: CertificateHost.serverHosts(domain: tenant.config.settings.domain))
        credentials = issued
        services.append(
            try FakeAuth0Server.buildHTTPSApplication(
                tenant: tenant, configuration: .init(host: "127.0.0.1", port: 0), credentials: issued, logger: logger,
                onListening: { port in continuation.yield(.https(port)) }))
    }
    let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            defer { continuation.finish() }
            try await group.run()
        }
        var httpPort: Int?
        var httpsPort: Int?
        for await bound in ports {
            switch bound {
            case .http(let port): httpPort = port
            case .https(let port): httpsPort = port
            }
            if httpPort != nil, !https || httpsPort != nil { break }
        }
        guard let httpPort, !https || httpsPort != nil else {
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            throw CancellationError()
        }
        let fake = FakeTenant(
            tenant: tenant, port: httpPort, httpsPort: httpsPort, caCertificatePEM: credentials?.caCertificatePEM)
        do {
            let result = try await body(fake)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}

/// A listener reporting the port it bound.
private enum BoundPort: Sendable {
    case http(Int)
    case https(Int)
}
