import ArgumentParser
import FakeAuth0
import Foundation

/// `fake-auth0 env`: prints the exports a sample app needs to talk to the fake.
struct EnvCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "Print AUTH0_* exports and CA trust variables for a sample app (eval \"$(fake-auth0 env)\").")

    @Option(help: "Scenario file. Default: the built-in demo scenario.")
    var scenario: String?

    @Option(help: "Ready file of a running fake, to take its real domain from.")
    var readyFile: String?

    @Option(help: "Port the fake listens on, when there is no ready file.")
    var port: Int = 4010

    @Option(help: "HTTPS port the fake listens on, when there is no ready file.")
    var httpsPort: Int = 4443

    @Flag(help: "Export the plain HTTP listener as AUTH0_DOMAIN (default: the HTTPS one when HTTPS is on).")
    var http = false

    @Flag(
        help:
            "Also export HTTPS_PROXY/HTTP_PROXY (the fake's HTTP port, which proxies to the stub APIs and the tenant) and NO_PROXY (loopback)."
    )
    var proxy = false

    @Option(help: "Client id to export. Default: the first regular_web client.")
    var client: String?

    @Option(help: "State directory whose CA to trust, when there is no ready file (default: .fake-auth0).")
    var state: String = ServeOptions.defaultStateDirectory

    func validate() throws {
        for (name, value) in [("--port", port), ("--https-port", httpsPort)] where !(1...65535).contains(value) {
            throw ValidationError("\(name) must be between 1 and 65535")
        }
    }

    func run() async throws {
        let scenario = try loadScenario(self.scenario)
        var domain = scenario.tenant.domain ?? "127.0.0.1:\(http ? port : httpsPort)"
        var proxyURL = "http://127.0.0.1:\(port)"
        var caFile: String?
        if let readyFile {
            guard let data = FileManager.default.contents(atPath: readyFile),
                let info = try? JSONDecoder().decode([String: JSONValue].self, from: data),
                let httpDomain = info["domain"]?.stringValue
            else { throw ValidationError("cannot read a domain from the ready file \(readyFile)") }
            let httpsDomain = info["https_domain"]?.stringValue
            domain = http ? httpDomain : httpsDomain ?? httpDomain
            caFile = info["ca_file"]?.stringValue
            proxyURL = info["proxy_url"]?.stringValue ?? info["http_url"]?.stringValue ?? proxyURL
            if proxy, httpsDomain == nil {
                throw ValidationError("--proxy needs the fake to serve HTTPS: its tunnels use the local CA")
            }
        }
        if let client, !scenario.clients.contains(where: { $0.id == client }) {
            throw ValidationError("the scenario has no client '\(client)'")
        }
        if readyFile == nil {
            let store = CertificateStore(directory: state)
            _ = try store.caCertificatePEM()
            caFile = store.caCertificatePath
        }
        let lines = try EnvironmentExports.variables(
            scenario: scenario, domain: domain, client: client, caFile: caFile, proxy: proxy ? proxyURL : nil
        )
        .map { "\($0.name)=\($0.value)" }
        print(lines.map { "export \(shellQuoted($0))" }.joined(separator: "\n"))
    }

    func shellQuoted(_ assignment: String) -> String {
        guard let equals = assignment.firstIndex(of: "=") else { return assignment }
        let value = assignment[assignment.index(after: equals)...]
        return assignment[...equals] + "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
