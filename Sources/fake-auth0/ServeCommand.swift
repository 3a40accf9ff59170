import ArgumentParser
import FakeAuth0
import FakeAuth0Server
import Foundation
import Logging
import UnixSignals

#if canImport(Glibc)
    import Glibc
#endif

/// `fake-auth0 serve`: runs the tenant until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve a scenario over HTTP and HTTPS.")

    /// The state directory when `--state` is not given.
    static let defaultStateDirectory = ".fake-auth0"

    @Option(help: "Scenario file (YAML). Default: the built-in demo scenario.")
    var scenario: String?

    @Option(help: "HTTP port; 0 picks a free one.")
    var port: Int = 4010

    @Option(help: "HTTPS port; 0 picks a free one. Default: 4443, or a free port when --port is 0.")
    var httpsPort: Int?

    @Flag(inversion: .prefixedNo, help: "Serve HTTPS next to HTTP, with a certificate from the local CA.")
    var https = true

    @Option(help: "Address to bind.")
    var host: String = "127.0.0.1"

    @Option(
        help: "Fixed tenant domain (host or host:port); the issuer is https://DOMAIN/. Default: the request's Host.")
    var domain: String?

    @Option(help: "Directory for state.sqlite and the local CA (default: .fake-auth0).")
    var state: String?

    @Flag(
        help:
            "Keep all state in memory, the local CA too unless --state is given (its certificate then goes to a temporary file)."
    )
    var ephemeral = false

    @Option(help: "Write a JSON file with the listening URLs once ready.")
    var readyFile: String?

    @Option(help: "Also write the journal to FILE as JSON lines (one entry per line).")
    var journal: String?

    @Option(help: "How many journal entries to keep in memory (0: none). Default: the scenario's journal_size (10000).")
    var journalSize: Int?

    @Option(
        help: ArgumentHelp(
            "Token the control API (/__admin) requires when --host binds beyond loopback (default: $FAKE_AUTH0_ADMIN_TOKEN, else a random one, written to the ready file).",
            valueName: "token"))
    var adminToken: String?

    @Option(
        help: ArgumentHelp(
            "Seconds a proxy client has to send a whole CONNECT head, then to complete the tunnel's TLS handshake.",
            valueName: "seconds"))
    var proxyTimeout: Double = 10

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func validate() throws {
        if let journalSize, !(0...Journal.maxCapacity).contains(journalSize) {
            throw ValidationError("--journal-size must be from 0 to \(Journal.maxCapacity)")
        }
        if !https, httpsPort != nil { throw ValidationError("--https-port cannot be combined with --no-https") }
        for (name, value) in [("--port", port), ("--https-port", httpsPort ?? 0)] where !(0...65535).contains(value) {
            throw ValidationError("\(name) must be between 0 and 65535")
        }
        guard proxyTimeout.isFinite, (0.05...3600).contains(proxyTimeout) else {
            throw ValidationError("--proxy-timeout must be from 0.05 to 3600 seconds")
        }
        if let adminToken, adminToken.count < 8 { throw ValidationError("--admin-token must be at least 8 characters") }
    }

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
        // The scenario is read on a thread of its own while an existing state database opens (both since
        // the process started when the command line names them plainly, and the tenant too:
        // `EarlyScenarioReading`, `EarlyStateStore`, `EarlyTenant`); a new database is made only once
        // the scenario has passed, so a refused start leaves nothing behind.
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
            http: ServerConfiguration(host: host, port: port, proxyTimeout: .milliseconds(Int(proxyTimeout * 1000))),
            https: credentials.map { (httpsConfiguration, $0) },
            control: ControlOptions(caFile: credentials?.caCertificatePath, registry: registry, adminToken: token),
            logger: logger)
        try await app.serve(gracefulShutdownSignals: [.sigterm, .sigint]) { ports in
            // Requests are being answered already; the CA files other runs like this one (ephemeral,
            // no state directory) left behind go before the ready file says so. Other runs skip the
            // scan of the temporary directory.
            if temporaryCAFile != nil { TemporaryCAFiles.removeStale() }
            announcer.announce(ports)
            // Loading the scenario and its fixtures leaves megabytes of freed parse trees on the heap; give
            // those pages back once serving, on a thread of its own, so the idle process is no bigger
            // than its state.
            Thread.detachNewThread { Self.returnFreedMemory() }
        }
        await registry.deleteAll()
    }

    /// glibc's `malloc_trim(0)`: returns the heap's free pages to the system. Found at run time (Swift's
    /// Glibc module leaves out `malloc.h`); a no-op elsewhere. Then lets go of the code pages start-up
    /// touched (`MADV_DONTNEED` on the executable mappings of files: they are never written, so the
    /// kernel maps them again from the page cache when they run); serving touches far fewer.
    static func returnFreedMemory() {
        #if canImport(Glibc)
            typealias Trim = @convention(c) (Int) -> Int32
            if let symbol = dlsym(nil, "malloc_trim") { _ = unsafeBitCast(symbol, to: Trim.self)(0) }
            guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return }
            for line in maps.split(separator: "\n") {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count >= 6, fields[1] == "r-xp", fields[5].hasPrefix("/") else { continue }
                let bounds = fields[0].split(separator: "-")
                guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16),
                    end > start, let address = UnsafeMutableRawPointer(bitPattern: start)
                else { continue }
                _ = madvise(address, Int(end - start), MADV_DONTNEED)
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
