import ArgumentParser
import FakeAuth0
import FakeAuth0Server
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `fake-auth0 serve`: runs the tenant until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve a scenario over HTTP.")

    @Option(help: "Scenario file (YAML). Default: the built-in demo scenario.")
    var scenario: String?

    @Option(help: "HTTP port; 0 picks a free one.")
    var port: Int = 4010

    @Option(help: "Address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "Fixed tenant domain (host or host:port); the issuer is https://DOMAIN/. Default: the request's Host.")
    var domain: String?

    @Option(help: "Directory for state.sqlite (keys, refresh tokens, …).")
    var state: String = ".fake-auth0"

    @Flag(help: "Keep all state in memory; nothing is written to disk.")
    var ephemeral = false

    @Option(help: "Write a JSON file with the listening URLs once ready.")
    var readyFile: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        var scenario = try loadScenario(self.scenario)
        if let domain { scenario.tenant.domain = domain }
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "fake-auth0")
        let store = try ephemeral ? StateStore.inMemory() : StateStore.onDisk(directory: state)
        let tenant = try await Tenant.start(scenario: scenario, store: store)
        let announcer = ReadyAnnouncer(host: host, fixedDomain: scenario.tenant.domain, readyFile: readyFile, statePath: ephemeral ? nil : state)
        let app = FakeAuth0Server.buildApplication(
            tenant: tenant, configuration: .init(host: host, port: port), logger: logger,
            onListening: { port in announcer.announce(port: port) })
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// Prints the ready line and writes the ready file once the listener is bound.
struct ReadyAnnouncer: Sendable {
    let host: String
    let fixedDomain: String?
    let readyFile: String?
    let statePath: String?

    func announce(port: Int) {
        let reachable = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        let address = reachable.contains(":") ? "[\(reachable)]:\(port)" : "\(reachable):\(port)"
        let domain = fixedDomain ?? address
        let httpURL = "http://\(address)"
        let issuer = "https://\(domain)/"
        FileHandle.standardOutput.write(Data("fake-auth0 ready: \(httpURL) (issuer \(issuer))\n".utf8))
        guard let readyFile else { return }
        var info: [String: JSONValue] = [
            "http_url": .string(httpURL), "port": .int(port), "domain": .string(domain), "issuer": .string(issuer),
            "pid": .int(Int(ProcessInfo.processInfo.processIdentifier)),
        ]
        if let statePath { info["state"] = .string(statePath) }
        let url = URL(fileURLWithPath: readyFile)
        try? Data(JSONValue.object(info).description.utf8).write(to: url, options: .atomic)
    }
}
