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
    /// one: `serve` or the default subcommand, `--scenario` at most once with a value that is not an
    /// option, no help, no `--`. nil when that is not plain to see.
    static func scenarioPath(in arguments: some Collection<String>) -> String?? {
        var arguments = Array(arguments)
        if let first = arguments.first, !first.hasPrefix("-") {
            guard first == "serve" else { return nil }
            arguments.removeFirst()
        }
        var path: String?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            switch argument {
            case "-h", "--help", "--":
                return nil
            case "--scenario":
                let next = arguments.index(after: index)
                guard path == nil, next < arguments.endIndex, !arguments[next].hasPrefix("-") else { return nil }
                path = arguments[next]
                index = next
            default:
                if argument.hasPrefix("--scenario=") {
                    guard path == nil else { return nil }
                    path = String(argument.dropFirst("--scenario=".count))
                }
            }
            index = arguments.index(after: index)
        }
        return .some(path)
    }

    /// The early reading when it is of `path` (nil: the built-in scenario), or a new one.
    static func reading(_ path: String?) -> ThreadWork<Scenario> {
        if let early, early.path == path { return early.work }
        return ThreadWork { try readScenario(path) }
    }
}
