import ArgumentParser
import FakeAuth0
import FakeAuth0Server
import Foundation
import Logging
import UnixSignals

#if canImport(Glibc)
    import Glibc
#endif

extension ServeOptions {
    /// The control API's token: needed only beyond loopback, where one is always set (given, from the
    /// environment, or random).
    func controlToken() -> String? {
        let given =
            adminToken
            // getenv rather than ProcessInfo, whose first use copies the whole environment (part of a start)
            ?? getenv("FAKE_AUTH0_ADMIN_TOKEN").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        guard !ServerConfiguration.isLoopback(host) else { return given }
        var generator = SystemRandomNumberGenerator()
        return given
            ?? (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    func run() async throws {
        // Both readers of the command line validate; checked again here, where the numbers are used.
        try validate()
        // The scenario is read on a thread of its own while an existing state database opens (both since
        // the process started for a plain command line, and the tenant too: `EarlyScenarioReading`,
        // `EarlyStateStore`, `EarlyTenant`); a new database is made only once the scenario has passed,
        // so a refused start leaves nothing behind.
        let reading = EarlyScenarioReading.reading(self.scenario)
        let stateDirectory = state ?? Self.defaultStateDirectory
        let existingStore: Result<StateStore?, any Error> =
            if ephemeral {
                .success(nil)
            } else if let early = await EarlyStateStore.taken(for: stateDirectory) {
                early
            } else {
                Result { try StateStore.existing(directory: stateDirectory) }
            }
        var scenario = try await reportingProblems { try await reading.value }
        if let domain { scenario.tenant.domain = domain }
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "fake-auth0")
        // The certificates are read (or made) on a thread of their own while the tenant starts.
        let tenantDomain = scenario.tenant.domain
        let extraHosts = scenario.upstreamAPIs.values.flatMap(\.hosts)
        let certifying =
            https ? ThreadWork { [self] in try tlsCredentials(domain: tenantDomain, extraHosts: extraHosts) } : nil
        let tenant: Tenant
        if let early = await EarlyTenant.taken(by: self, directory: ephemeral ? nil : stateDirectory) {
            tenant = early
        } else {
            await EarlyTenant.settled()
            let store =
                try existingStore.get()
                ?? (ephemeral ? StateStore.inMemory() : StateStore.onDisk(directory: stateDirectory))
            let journalFile: JournalFile?
            do {
                journalFile = try journal.map { try JournalFile(path: $0) }
            } catch {
                throw ValidationError("--journal: cannot write \(journal ?? ""): \(error.localizedDescription)")
            }
            let clock = TenantClock()
            tenant = try await Tenant.start(
                scenario: scenario, store: store, clock: clock,
                journal: Journal(capacity: journalSize ?? scenario.tenant.journalSize, clock: clock, file: journalFile))
        }
        var credentials = try await certifying?.value
        if keepsNothing, let made = credentials { credentials = try Self.withTemporaryCAFile(made) }
        let temporaryCAFile = keepsNothing ? credentials?.caCertificatePath : nil
        defer { if let temporaryCAFile { try? FileManager.default.removeItem(atPath: temporaryCAFile) } }

        let token = controlToken()
        if !ServerConfiguration.isLoopback(host) {
            let where_ =
                readyFile.map { "in \($0) (admin_token)" } ?? "set with --admin-token or FAKE_AUTH0_ADMIN_TOKEN"
            FileHandle.standardError.write(
                Data(
                    ("fake-auth0 warning: listening on \(host), beyond loopback: anyone who reaches the port can use the"
                        + " tenant; the control API needs Authorization: Bearer ADMIN_TOKEN, the token \(where_)\n")
                        .utf8))
        }
        let announcer = ReadyAnnouncer(
            host: host, fixedDomain: scenario.tenant.domain, readyFile: readyFile,
            statePath: ephemeral ? nil : stateDirectory,
            caFile: credentials?.caCertificatePath, adminToken: token)
        let httpsConfiguration = ServerConfiguration(host: host, port: httpsPort ?? (port == 0 ? 0 : 4443))
        // tenants on demand: in memory, on free ports of the same host, under the same certificate
        let registry = TenantRegistry(host: host, keys: tenant.keys, credentials: credentials, logger: logger)
        let app = FakeAuth0App(
            tenant: tenant,
            http: ServerConfiguration(host: host, port: port, proxyTimeout: .milliseconds(proxyTimeoutMilliseconds)),
            https: credentials.map { (httpsConfiguration, $0) },
            control: ControlOptions(caFile: credentials?.caCertificatePath, registry: registry, adminToken: token),
            logger: logger)
        try await app.serve(gracefulShutdownSignals: [.sigterm, .sigint]) { ports in
            // Requests are being answered already; the CA files other runs like this one (ephemeral,
            // no state directory) left behind go before the ready file says so. Other runs skip the
            // scan of the temporary directory.
            if temporaryCAFile != nil { TemporaryCAFiles.removeStale() }
            announcer.announce(ports)
            // What the start kept for later (a big scenario's parse tree, the vault rows it seeded) is freed
            // now, on a thread of its own; loading the scenario and its fixtures leaves megabytes of freed
            // parse trees on the heap, whose pages go back next, so the idle process is no bigger than its
            // state. The code pages the start touched go a second later: the first requests, which
            // clients send the moment the fake is ready, run much of that code again.
            Thread.detachNewThread {
                StartLeftovers.shared.serving()
                Self.trimHeap()
                Thread.sleep(forTimeInterval: 1)
                Self.dropCodePages()
            }
        }
        await registry.deleteAll()
    }

    /// glibc's `malloc_trim(0)`: returns the heap's free pages to the system. Found at run time (Swift's
    /// Glibc module leaves out `malloc.h`); a no-op elsewhere.
    static func trimHeap() {
        #if canImport(Glibc)
            typealias Trim = @convention(c) (Int) -> Int32
            if let symbol = dlsym(nil, "malloc_trim") { _ = unsafeBitCast(symbol, to: Trim.self)(0) }
        #endif
    }

    /// Lets go of the code pages touched so far (`MADV_DONTNEED` on the executable mappings of files:
    /// they are never written, so the kernel maps them again from the page cache when they run); serving
    /// touches far fewer than starting. A no-op beyond Linux.
    static func dropCodePages() {
        #if canImport(Glibc)
            guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return }
            for line in maps.split(separator: "\n") {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count >= 6, fields[1] == "r-xp", fields[5].hasPrefix("/") else { continue }
                let bounds = fields[0].split(separator: "-")
                guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16),
                    end > start, let address = UnsafeMutableRawPointer(bitPattern: start)
                else { continue }
                _ = madvise(address, Int(clamping: end - start), MADV_DONTNEED)
            }
        #endif
    }

    /// `--ephemeral` without `--state`: nothing is kept on disk, the certificates are made in memory and
    /// only the CA certificate is written, to a temporary file for clients.
    var keepsNothing: Bool { ephemeral && state == nil }

    /// The CA and server certificate: kept in the state directory, or made in memory with `--ephemeral` and
    /// no `--state`.
    func tlsCredentials(domain: String?, extraHosts: [String] = []) throws -> TLSCredentials {
        let hosts = CertificateHost.serverHosts(domain: domain, bindHost: host, extra: extraHosts)
        if !keepsNothing {
            return try CertificateStore(directory: state ?? Self.defaultStateDirectory).credentials(for: hosts)
        }
        return try CertificateStore.inMemory.credentials(for: hosts)
    }

    /// In-memory credentials with their CA certificate written to a temporary file for clients.
    static func withTemporaryCAFile(_ credentials: TLSCredentials) throws -> TLSCredentials {
        var credentials = credentials
        let file = TemporaryCAFiles.newFile()
        try Data(credentials.caCertificatePEM.utf8).write(to: file, options: .atomic)
        credentials.caCertificatePath = file.path
        return credentials
    }
}
