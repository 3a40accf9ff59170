import FakeAuth0

/// The scenario `serve` will serve, read on a thread of its own from the process's first moment when the
/// command line plainly names it (`--scenario FILE` or `--scenario=FILE` once) or leaves the built-in
/// one, while the arguments are parsed (each takes milliseconds of a start, a big file far more). A
/// guess that turns out wrong costs the other core's time; what goes wrong in the file is reported by
/// `serve`, where the reading is used, so a mistake in the arguments is still the only thing printed.
enum EarlyScenarioReading {
    /// The file read (nil: the built-in scenario) and its reading, started by the first access
    /// (`FakeAuth0Command.main` makes it); nil when the command line does not plainly serve a scenario.
    static let early: (path: String?, work: ThreadWork<Scenario>)? = scenarioPath(
        in: CommandLine.arguments.dropFirst()
    ).map { path in (path, ThreadWork { try readScenario(path) }) }

    /// The scenario file `arguments` (without the program's name) serve, `.some(nil)` for the built-in
    /// one; nil when that is not plain to see (`PlainServeArguments`).
    static func scenarioPath(in arguments: some Collection<String>) -> String?? {
        PlainServeArguments.serving(arguments).flatMap { PlainServeArguments.value(of: "--scenario", in: $0) }
    }

    /// The early reading when it is of `path` (nil: the built-in scenario), or a new one.
    static func reading(_ path: String?) -> ThreadWork<Scenario> {
        if let early, early.path == path { return early.work }
        return ThreadWork { try readScenario(path) }
    }
}
