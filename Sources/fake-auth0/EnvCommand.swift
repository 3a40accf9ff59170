import ArgumentParser
import FakeAuth0
import Foundation

/// `fake-auth0 env`: prints the exports a sample app needs to talk to the fake.
struct EnvCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "Print AUTH0_* exports and CA trust variables for a sample app (eval \"$(fake-auth0 env)\").")

    /// The variables clients read a CA bundle from; each is set to the local CA certificate.
    static let caVariables = [
        "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "HTTPLIB2_CA_CERTS", "CURL_CA_BUNDLE",
    ]

    @Option(help: "Scenario file. Default: the built-in demo scenario.")
    var scenario: String?

    @Option(help: "Ready file of a running fake, to take its real domain from.")
    var readyFile: String?

    @Option(help: "Port the fake listens on, when there is no ready file.")
    var port: Int = 4010

    @Option(help: "Client id to export. Default: the first regular_web client.")
    var client: String?

    @Option(help: "State directory whose CA to trust, when there is no ready file (default: .fake-auth0).")
    var state: String = ServeCommand.defaultStateDirectory

    func run() async throws {
        let scenario = try loadScenario(self.scenario)
        var domain = scenario.tenant.domain ?? "127.0.0.1:\(port)"
        var caFile: String?
        if let readyFile {
            guard let data = FileManager.default.contents(atPath: readyFile),
                let info = try? JSONDecoder().decode([String: JSONValue].self, from: data),
                let readyDomain = info["domain"]?.stringValue
            else { throw ValidationError("cannot read a domain from the ready file \(readyFile)") }
            domain = readyDomain
            caFile = info["ca_file"]?.stringValue
        }
        let chosen =
            client.flatMap { id in scenario.clients.first { $0.id == id } }
            ?? scenario.clients.first { $0.type == .regularWeb } ?? scenario.clients.first
        if let client, chosen?.id != client { throw ValidationError("the scenario has no client '\(client)'") }
        if readyFile == nil {
            let store = CertificateStore(directory: state)
            _ = try store.caCertificatePEM()
            caFile = store.caCertificatePath
        }
        var lines = ["AUTH0_DOMAIN=\(domain)", "AUTH0_ISSUER_BASE_URL=https://\(domain)"]
        if let chosen {
            lines.append("AUTH0_CLIENT_ID=\(chosen.id)")
            if let secret = chosen.secret { lines.append("AUTH0_CLIENT_SECRET=\(secret)") }
        }
        if let audience = scenario.tenant.defaultAudience ?? scenario.apis.first?.audience {
            lines.append("AUTH0_AUDIENCE=\(audience)")
        }
        if let caFile { lines += Self.caVariables.map { "\($0)=\(caFile)" } }
        print(lines.map { "export \(shellQuoted($0))" }.joined(separator: "\n"))
    }

    func shellQuoted(_ assignment: String) -> String {
        guard let equals = assignment.firstIndex(of: "=") else { return assignment }
        let value = assignment[assignment.index(after: equals)...]
        return assignment[...equals] + "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
