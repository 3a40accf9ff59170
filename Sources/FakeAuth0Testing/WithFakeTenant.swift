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

    /// `http://127.0.0.1:{port}`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
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
/// shuts the server down afterwards, also when `body` throws.
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
    logLevel: Logger.Level = .warning,
    _ body: @Sendable (FakeTenant) async throws -> T
) async throws -> T {
    let tenant = try await Tenant.start(
        scenario: try scenario ?? ScenarioLoader.defaultScenario(), store: try store ?? StateStore.inMemory(), clock: clock)
    var logger = Logger(label: "fake-auth0")
    logger.logLevel = logLevel
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let app = FakeAuth0Server.buildApplication(
        tenant: tenant, configuration: .init(host: "127.0.0.1", port: 0), logger: logger,
        onListening: { port in
            continuation.yield(port)
            continuation.finish()
        })
    let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            throw CancellationError()
        }
        do {
            let result = try await body(FakeTenant(tenant: tenant, port: port))
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
