import FakeAuth0

/// The built-in scenario, read on a thread of its own from the process's first moment when the command
/// line may serve it, while the arguments are parsed (each takes a few milliseconds of a start, mostly
/// the first use of their types). A guess that turns out wrong costs a few milliseconds of another core.
enum BuiltInScenarioReading {
    /// The reading, started by the first access (`FakeAuth0Command.main` makes it); nil when the command
    /// line cannot serve the built-in scenario.
    static let early: ThreadWork<Scenario>? =
        mayServeIt(CommandLine.arguments.dropFirst()) ? ThreadWork { try loadScenario(nil) } : nil

    /// Whether `arguments` (without the program's name) may serve the built-in scenario: `serve`, the
    /// default subcommand, without `--scenario` and without asking for help.
    static func mayServeIt(_ arguments: some Collection<String>) -> Bool {
        if let first = arguments.first, !first.hasPrefix("-"), first != "serve" { return false }
        return !arguments.contains { argument in
            argument == "--scenario" || argument.hasPrefix("--scenario=") || argument == "-h" || argument == "--help"
        }
    }

    /// The built-in scenario's reading, or a new one of the scenario at `path`.
    static func reading(_ path: String?) -> ThreadWork<Scenario> {
        if path == nil, let early { return early }
        return ThreadWork { try loadScenario(path) }
    }
}
