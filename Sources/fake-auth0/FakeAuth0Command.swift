import ArgumentParser
import FakeAuth0
import Foundation
import NIOCore
import NIOPosix

/// `fake-auth0`: a fake Auth0 tenant for offline tests. With no subcommand it serves the default scenario.
@main
struct FakeAuth0Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-auth0",
        abstract: "A self-contained fake Auth0 tenant for testing agents and apps offline.",
        subcommands: [ServeCommand.self, EnvCommand.self, CACommand.self, ValidateCommand.self, SchemaCommand.self],
        defaultSubcommand: ServeCommand.self)

    /// Runs Swift concurrency's tasks on NIO's event loops (one thread per core) before anything else:
    /// a request is then handled on the thread that read it, with no hop to a second pool of threads
    /// (faster, and fewer threads and malloc arenas to keep in memory).
    static func main() async {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await main(nil)
    }
}

/// Loads the scenario a command names, or the built-in one; problems go to stderr as `file:path: reason`.
func loadScenario(_ path: String?) throws -> Scenario {
    do {
        if let path { return try ScenarioLoader.load(path: path) }
        return try ScenarioLoader.defaultScenario()
    } catch {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(2)
    }
}
