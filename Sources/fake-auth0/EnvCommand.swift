import ArgumentParser
import FakeAuth0
import Foundation

/// `fake-auth0 env`: prints the exports a sample app needs to talk to the fake.
struct EnvCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env", abstract: "Print AUTH0_* exports for a sample app (eval \"$(fake-auth0 env)\").")

    @Option(help: "Scenario file. Default: the built-in demo scenario.")
    var scenario: String?

    @Option(help: "Ready file of a running fake, to take its real domain from.")
    var readyFile: String?

    @Option(help: "Port the fake listens on, when there is no ready file.")
    var port: Int = 4010

    @Option(help: "Client id to export. Default: the first regular_web client.")
    var client: String?

    func run() async throws {
        let scenario = try loadScenario(self.scenario)
        var domain = scenario.tenant.domain ?? "127.0.0.1:\(port)"
        if let readyFile {
            guard let data = FileManager.default.contents(atPath: readyFile),
                let info = try? JSONDecoder().decode([String: JSONValue].self, from: data),
                let readyDomain = info["domain"]?.stringValue
            else { throw ValidationError("cannot read a domain from the ready file \(readyFile)") }
            domain = readyDomain
        }
        let chosen = client.flatMap { id in scenario.clients.first { $0.id == id } }
            ?? scenario.clients.first { $0.type == .regularWeb } ?? scenario.clients.first
        if let client, chosen?.id != client { throw ValidationError("the scenario has no client '\(client)'") }
        var lines = ["AUTH0_DOMAIN=\(domain)", "AUTH0_ISSUER_BASE_URL=https://\(domain)"]
        if let chosen {
            lines.append("AUTH0_CLIENT_ID=\(chosen.id)")
            if let secret = chosen.secret { lines.append("AUTH0_CLIENT_SECRET=\(secret)") }
        }
        if let audience = scenario.tenant.defaultAudience ?? scenario.apis.first?.audience {
            lines.append("AUTH0_AUDIENCE=\(audience)")
        }
        print(lines.map { "export \(shellQuoted($0))" }.joined(separator: "\n"))
    }

    func shellQuoted(_ assignment: String) -> String {
        guard let equals = assignment.firstIndex(of: "=") else { return assignment }
        let value = assignment[assignment.index(after: equals)...]
        return assignment[...equals] + "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
