import FakeAuth0
import FakeProviders
import Foundation
import Logging
import NIOCore
import NIOPosix
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
    /// Where both listeners find the tenant they serve (a new scenario replaces it there).
    public let slot: TenantSlot
    public var http: ServerConfiguration
    /// Where to serve HTTPS, with the certificate to serve; nil for HTTP only.
    public var https: (configuration: ServerConfiguration, credentials: TLSCredentials)?
    /// What the control API can do beyond the tenant (`env`'s CA file, tenants on demand).
    public var control: ControlOptions
    public var logger: Logger

    /// The tenant serving now.
    public var tenant: Tenant { slot.tenant }
    /// The tenant's stub provider APIs, shared by both listeners.
    public var providers: Providers { slot.providers }

    public init(
        tenant: Tenant, http: ServerConfiguration,
        https: (configuration: ServerConfiguration, credentials: TLSCredentials)? = nil,
        control: ControlOptions = .init(), logger: Logger
    ) {
        self.init(slot: TenantSlot(tenant), http: http, https: https, control: control, logger: logger)
    }

    public init(
        slot: TenantSlot, http: ServerConfiguration,
        https: (configuration: ServerConfiguration, credentials: TLSCredentials)? = nil,
        control: ControlOptions = .init(), logger: Logger
    ) {
        self.slot = slot
        self.http = http
        self.https = https
        self.control = control
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

    /// Starts serving in the background and returns once every listener is bound, with a function that
    /// stops them (what each tenant made on demand runs).
    public func start() async throws -> (ports: BoundPorts, stop: @Sendable () async -> Void) {
        let (bound, reporting) = AsyncStream.makeStream(of: BoundPorts.self)
        let (stopRequested, requestStop) = AsyncStream.makeStream(of: Void.self)
        let running = Task {
            defer { reporting.finish() }
            try await withRunning { ports in
                reporting.yield(ports)
                for await _ in stopRequested {}
            }
        }
        let stop: @Sendable () async -> Void = {
            requestStop.finish()
            _ = await running.result
        }
        for await ports in bound { return (ports, stop) }
        await stop()
        if case .failure(let error) = await running.result { throw error }
        throw CancellationError()
    }

    /// Runs the listeners in a service group, waits until each has bound, runs `body` with the ports and
    /// a stream that ends when the group has stopped, then stops the group.
    private func run<T: Sendable>(
        signals: [UnixSignal], _ body: @Sendable (BoundPorts, AsyncStream<Void>) async throws -> T
    ) async throws -> T {
        let (bound, listening) = AsyncStream.makeStream(of: BoundListener.self)
        let (stopped, stopping) = AsyncStream.makeStream(of: Void.self)
        // Each service named here: the group otherwise names a service by printing it, which reflects
        // over the whole application (milliseconds at every start).
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(
                service: FakeAuth0Server.buildListener(
                    slot: slot, configuration: http, control: control, tunnelIssuer: https?.credentials.hostIssuer,
                    logger: logger, onListening: { port in listening.yield(.http(port)) }),
                serviceName: "http")
        ]
        if let https {
            services.append(
                .init(
                    service: OnAnotherEventLoop(
                        service: try FakeAuth0Server.buildHTTPSListener(
                            slot: slot, configuration: https.configuration, credentials: https.credentials,
                            control: control, logger: logger, onListening: { port in listening.yield(.https(port)) })),
                    serviceName: "https"))
        }
        // Last, so that it is told first: a service group shuts its services down in reverse order, and
        // the listeners wait for their open event streams.
        services.append(.init(service: JournalStreamCloser(slot: slot), serviceName: "journal streams"))
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
private enum BoundListener: Sendable {
    case http(Int)
    case https(Int)
}

/// Ends the journal's live streams when the service group shuts down, so open server-sent-event
/// connections do not hold the shutdown up.
private struct JournalStreamCloser: Service {
    /// The tenant served when the shutdown comes (a scenario loaded at run time replaces it).
    let slot: TenantSlot

    func run() async throws {
        try? await gracefulShutdown()
        slot.tenant.journal.closeUpdates()
    }
}

/// Runs a service from another event loop than the one starting it: Swift's tasks run on the event
/// loop that resumes them, so the services a group starts together would otherwise all start on one
/// thread. The two listeners then set up at once, each on a core (most of a listener's start is the
/// first use of its types). Nothing stays pinned: once started, each connection's work runs on the
/// event loop that reads it, as before.
private struct OnAnotherEventLoop<Wrapped: Service>: Service {
    let service: Wrapped

    func run() async throws {
        if let other = MultiThreadedEventLoopGroup.singleton.makeIterator().first(where: { !$0.inEventLoop }) {
            try? await other.submit {}.get()
        }
        try await service.run()
    }
}
