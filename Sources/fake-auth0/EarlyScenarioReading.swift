import FakeAuth0

/// The scenario `serve` will serve, read on a thread of its own from the process's first moment when the
/// command line is plain (`PlainServeArguments.process`): the file `--scenario` names or the built-in
/// one (each takes milliseconds of a start, a big file far more). What goes wrong in the file is
/// reported by `serve`, where the reading is used.
enum EarlyScenarioReading {
    /// The file read (nil: the built-in scenario) and its reading, started by the first access
    /// (`FakeAuth0Command.main` makes it); nil when the command line is not plain.
    static let early: (path: String?, work: ThreadWork<Scenario>)? = PlainServeArguments.process.map { options in
        (options.scenario, ThreadWork { [path = options.scenario] in try readScenario(path) })
    }

    /// The early reading when it is of `path` (nil: the built-in scenario), or a new one.
    static func reading(_ path: String?) -> ThreadWork<Scenario> {
        if let early, early.path == path { return early.work }
        return ThreadWork { try readScenario(path) }
    }
}
