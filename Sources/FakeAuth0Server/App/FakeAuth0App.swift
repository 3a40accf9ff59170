import FakeAuth0
import FakeProviders
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// The ports a running fake has bound.
public struct BoundPorts: Sendable, Equatable {
    /// The HTTP listener's port.
    public var http: Int
    /// The HTTPS listener's port, when HTTPS is on.
    public var https: Int?
}

/// One fake, ready to run: a tenant, its stub provider APIs and its listeners (HTTP, and HTTPS when
/// given TLS credentials). The command line and `FakeAuth0Testing` both run tenants through this.
public struct FakeAuth0App: Sendable {
    public let tenant: Tenant
    /// The tenant's stub provider APIs, shared by both listeners.
    public let providers: Providers
    public var http: ServerConfiguration
    /// Where to serve HTTPS, with the certificate to serve; nil for HTTP only.
    public var https: (configuration: ServerConfiguration, credentials: TLSCredentials)?
    public var logger: Logger

    public init(
        tenant: Tenant, http: ServerConfiguration,
        https: (configuration: ServerConfiguration, credentials: TLSCredentials)? = nil, logger: Logger
    ) {
        self.tenant = tenant
        self.providers = Providers(tenant: tenant)
        self.http = http
        self.https = https
        self.logger = logger
    }

    /// Serves until one of `signals` arrives (or the task is cancelled); `onReady` runs once every
    /// listener is bound.
    public func serve(
        gracefulShutdownSignals signals: [UnixSignal], onReady: @escaping @Sendable (BoundPorts) async -> Void
    ) async throws {
        try await run(signals: signals) { ports, stopped in
            await onReady(ports)
            for await _ in stopped {}
        }
    }

    /// Serves while `body` runs, then shuts the listeners down, also when `body` throws.
    public func withRunning<T: Sendable>(_ body: @Sendable (BoundPorts) async throws -> T) async throws -> T {
        try await run(signals: []) { ports, _ in try await body(ports) }
    }

    /// Runs the listeners in a service group, waits until each has bound, runs `body` with the ports and
    /// a stream that ends when the group has stopped, then stops the group.
    private func run<T: Sendable>(
        signals: [UnixSignal], _ body: @Sendable (BoundPorts, AsyncStream<Void>) async throws -> T
    ) async throws -> T {
        let (bound, listening) = AsyncStream.makeStream(of: Listener.self)
        let (stopped, stopping) = AsyncStream.makeStream(of: Void.self)
        var services: [any Service] = [
            JournalStreamCloser(journal: tenant.journal),
            FakeAuth0Server.buildApplication(
                tenant: tenant, providers: providers, configuration: http, logger: logger,
                onListening: { port in listening.yield(.http(port)) }),
        ]
        if let https {
            services.append(
                try FakeAuth0Server.buildHTTPSApplication(
                    tenant: tenant, providers: providers, configuration: https.configuration,
                    credentials: https.credentials, logger: logger,
                    onListening: { port in listening.yield(.https(port)) }))
        }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: signals, logger: logger))
        let expectsHTTPS = https != nil
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer {
                    listening.finish()
                    stopping.finish()
                }
                try await group.run()
            }
            var httpPort: Int?
            var httpsPort: Int?
            for await listener in bound {
                switch listener {
                case .http(let port): httpPort = port
                case .https(let port): httpsPort = port
                }
                if httpPort != nil, !expectsHTTPS || httpsPort != nil { break }
            }
            guard let httpPort, !expectsHTTPS || httpsPort != nil else {
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                throw CancellationError()
            }
            do {
                let result = try await body(BoundPorts(http: httpPort, https: httpsPort), stopped)
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
}

/// A listener reporting the port it bound.
private enum Listener: Sendable {
    case http(Int)
    case https(Int)
}

/// Ends the journal's live streams when the service group shuts down, so open server-sent-event
/// connections do not hold the shutdown up.
private struct JournalStreamCloser: Service {
    let journal: Journal

    func run() async throws {
        try? await gracefulShutdown()
        journal.closeUpdates()
    }
}
