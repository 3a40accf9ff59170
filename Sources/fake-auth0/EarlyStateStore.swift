import FakeAuth0

/// An existing state database, opened on a thread of its own from the process's first moment while
/// the arguments are parsed, when the command line serves and names its state directory plainly (or
/// leaves the default). `serve` takes it when the parsed options name the same directory; otherwise it
/// is closed and `serve` opens its own. Only an existing database is opened here: a new one is still
/// made by `serve`, once the scenario has passed.
enum EarlyStateStore {
    /// The opening, started by the first access (`FakeAuth0Command.main` makes it); nil when the
    /// command line does not plainly serve from an on-disk state directory.
    static let opening: (directory: String, work: ThreadWork<StateStore?>)? = directory(
        in: CommandLine.arguments.dropFirst()
    ).map { directory in (directory, ThreadWork { try StateStore.existing(directory: directory) }) }

    /// The state directory `arguments` (without the program's name) serve from, when that is plain to
    /// see (`PlainServeArguments`): `--state` given once, else the default directory; no `--ephemeral`.
    static func directory(in arguments: some Collection<String>) -> String? {
        guard let arguments = PlainServeArguments.serving(arguments), !arguments.contains("--ephemeral"),
            case .some(let directory) = PlainServeArguments.value(of: "--state", in: arguments)
        else { return nil }
        return directory ?? ServeOptions.defaultStateDirectory
    }

    /// The early opening's outcome when it was of `directory`; nil when there was none or it was of
    /// another directory (that store is let go, which closes it).
    static func taken(for directory: String) async -> Result<StateStore?, any Error>? {
        guard let opening, opening.directory == directory else { return nil }
        do {
            return .success(try await opening.work.value)
        } catch {
            return .failure(error)
        }
    }
}
