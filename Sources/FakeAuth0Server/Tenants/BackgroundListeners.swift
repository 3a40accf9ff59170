import FakeAuth0
import Logging
import ServiceLifecycle

extension FakeAuth0Server {
    /// Starts listeners for `slot` on free ports of `host` (HTTP, and HTTPS with `credentials`) in the
    /// background, and returns once they are bound; `stop` shuts them down gracefully. What
    /// `TenantRegistry` runs for each tenant made on demand.
    public static func startListeners(
        slot: TenantSlot, host: String, credentials: TLSCredentials?, control: ControlOptions, logger: Logger
    ) async throws -> TenantRegistry.Listeners {
        let (ports, continuation) = AsyncStream.makeStream(of: (https: Bool, port: Int).self)
        var services: [any Service] = [
            buildApplication(
                slot: slot, configuration: .init(host: host, port: 0), control: control, logger: logger,
                onListening: { port in continuation.yield((false, port)) })
        ]
        if let credentials {
            services.append(
                try buildHTTPSApplication(
                    slot: slot, configuration: .init(host: host, port: 0), credentials: credentials, control: control,
                    logger: logger, onListening: { port in continuation.yield((true, port)) }))
        }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [], logger: logger))
        let running = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var httpPort: Int?
        var httpsPort: Int?
        for await bound in ports {
            if bound.https { httpsPort = bound.port } else { httpPort = bound.port }
            if httpPort != nil, credentials == nil || httpsPort != nil { break }
        }
        let stop: @Sendable () async -> Void = {
            await group.triggerGracefulShutdown()
            _ = await running.result
        }
        guard let httpPort, credentials == nil || httpsPort != nil else {
            await stop()
            if case .failure(let error) = await running.result { throw error }
            throw CancellationError()
        }
        return TenantRegistry.Listeners(httpPort: httpPort, httpsPort: httpsPort, stop: stop)
    }
}
