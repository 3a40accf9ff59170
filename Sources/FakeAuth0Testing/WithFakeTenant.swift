import FakeAuth0
import FakeAuth0Server
import FakeProviders
import Foundation
import Logging

/// A tenant running in-process on 127.0.0.1 with a free port, for Swift tests.
public struct FakeTenant: Sendable {
    /// Where the listeners find their tenant (`PUT /__admin/scenario` puts a new one there).
    public let slot: TenantSlot
    /// Tenants on demand in this process, each on its own port (`POST /__admin/tenants`).
    public let tenants: TenantRegistry
    /// The tenant itself: its clock, keys and configuration, for driving it directly.
    public var tenant: Tenant { slot.tenant }
    /// The tenant's stub provider APIs: what agents wrote, the users' fixtures.
    public var providers: Providers { slot.providers }
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
/// // Linux: import FoundationNetworking for URLRequest and URLSession.
/// let status = try await withFakeTenant { fake in
///     var request = URLRequest(url: fake.url("/oauth/token"))
///     request.httpMethod = "POST"
///     request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
///     request.httpBody = Data(
///         "grant_type=client_credentials&client_id=demo-m2m&client_secret=demo-m2m-secret".utf8)
///     let (_, response) = try await URLSession.shared.data(for: request)
///     return (response as? HTTPURLResponse)?.statusCode
/// }
/// // status == 200
/// ```
public func withFakeTenant<T: Sendable>(
    scenario: Scenario? = nil,
    store: StateStore? = nil,
    clock: TenantClock = TenantClock(),
    journal: Journal? = nil,
    https: Bool = false,
    logLevel: Logger.Level = .warning,
    _ body: @Sendable (FakeTenant) async throws -> T
) async throws -> T {
    let tenant = try await Tenant.start(
        scenario: try scenario ?? ScenarioLoader.defaultScenario(), store: try store ?? StateStore.inMemory(),
        clock: clock, journal: journal)
    var logger = Logger(label: "fake-auth0")
    logger.logLevel = logLevel
    let loopback = ServerConfiguration(host: "127.0.0.1", port: 0)
    let credentials =
        https
        ? try CertificateStore.inMemory.credentials(
            for: CertificateHost.serverHosts(
                domain: tenant.config.settings.domain,
                extra: tenant.config.scenario.upstreamAPIs.values.flatMap(\.hosts)))
        : nil
    let registry = TenantRegistry(host: "127.0.0.1", keys: tenant.keys, credentials: credentials, logger: logger)
    let app = FakeAuth0App(
        tenant: tenant, http: loopback, https: credentials.map { (loopback, $0) },
        control: ControlOptions(registry: registry), logger: logger)
    do {
        let result = try await app.withRunning { ports in
            try await body(
                FakeTenant(
                    slot: app.slot, tenants: registry, port: ports.http, httpsPort: ports.https,
                    caCertificatePEM: credentials?.caCertificatePEM))
        }
        await registry.deleteAll()
        return result
    } catch {
        await registry.deleteAll()
        throw error
    }
}
