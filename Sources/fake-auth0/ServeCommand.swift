import ArgumentParser
import FakeAuth0

/// `fake-auth0 serve`: runs the tenant until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve a scenario over HTTP and HTTPS.")

    @Option(help: "Scenario file (YAML). Default: the built-in demo scenario.")
    var scenario: String?

    @Option(help: "HTTP port; 0 picks a free one.")
    var port: Int = ServeOptions().port

    @Option(help: "HTTPS port; 0 picks a free one. Default: 4443, or a free port when --port is 0.")
    var httpsPort: Int?

    @Flag(inversion: .prefixedNo, help: "Serve HTTPS next to HTTP, with a certificate from the local CA.")
    var https = ServeOptions().https

    @Option(help: "Address to bind.")
    var host: String = ServeOptions().host

    @Option(
        help: "Fixed tenant domain (host or host:port); the issuer is https://DOMAIN/. Default: the request's Host.")
    var domain: String?

    @Option(help: "Directory for state.sqlite and the local CA (default: .fake-auth0).")
    var state: String?

    @Flag(
        help:
            "Keep all state in memory, the local CA too unless --state is given (its certificate then goes to a temporary file)."
    )
    var ephemeral = ServeOptions().ephemeral

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
    var proxyTimeout: Double = ServeOptions().proxyTimeout

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = ServeOptions().logLevel

    /// The parsed options as `serve` runs with them.
    var options: ServeOptions {
        ServeOptions(
            scenario: scenario, port: port, httpsPort: httpsPort, https: https, host: host, domain: domain,
            state: state, ephemeral: ephemeral, readyFile: readyFile, journal: journal, journalSize: journalSize,
            adminToken: adminToken, proxyTimeout: proxyTimeout, logLevel: logLevel)
    }

    func validate() throws { try options.validate() }

    func run() async throws { try await options.run() }
}
