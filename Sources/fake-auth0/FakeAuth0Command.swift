import ArgumentParser
import FakeAuth0
import Foundation

/// `fake-auth0`: a fake Auth0 tenant for offline tests. With no subcommand it serves the default scenario.
@main
struct FakeAuth0Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-auth0",
        abstract: "A self-contained fake Auth0 tenant for testing agents and apps offline.",
        subcommands: [ServeCommand.self, EnvCommand.self, CACommand.self, ValidateCommand.self, SchemaCommand.self],
        defaultSubcommand: ServeCommand.self)

    /// Runs Swift concurrency's tasks on NIO's event loops before anything else (`EventLoopExecutor`),
    /// and, for a command line plain throughout (`PlainServeArguments`), starts reading the scenario,
    /// opening an existing state database and starting the tenant from both, then serves it without
    /// ArgumentParser (its errors reported as ArgumentParser does). Anything else goes to ArgumentParser.
    static func main() async {
        EventLoopExecutor.install()
        _ = EarlyScenarioReading.early
        _ = EarlyStateStore.opening
        _ = EarlyTenant.starting
        guard let options = PlainServeArguments.process else {
            await main(nil)
            return
        }
        do {
            try await options.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// Loads the scenario a command names, or the built-in one; problems go to stderr as `file:path: reason`.
func loadScenario(_ path: String?) throws -> Scenario {
    do {
        return try readScenario(path)
    } catch {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(2)
    }
}

/// Reads the scenario at `path`, or the built-in one; its problems are thrown, not printed.
func readScenario(_ path: String?) throws(ScenarioError) -> Scenario {
    if let path { return try ScenarioLoader.load(path: path) }
    return try ScenarioLoader.defaultScenario()
}

/// `body`'s value; a scenario's problems go to stderr as `file:path: reason` and end the command (exit 2).
func reportingProblems<Value>(_ body: () async throws -> Value) async throws -> Value {
    do {
        return try await body()
    } catch let error as ScenarioError {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(2)
    }
}
