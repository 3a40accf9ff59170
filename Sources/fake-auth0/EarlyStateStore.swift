import FakeAuth0

/// An existing state database, opened on a thread of its own from the process's first moment when the
/// command line is plain (`PlainServeArguments.process`) and keeps state on disk. Only an existing
/// database is opened here: a new one is still made by `serve`, once the scenario has passed.
enum EarlyStateStore {
    /// The opening, started by the first access (`FakeAuth0Command.main` makes it); nil when the
    /// command line is not plain or serves from memory (`--ephemeral`).
    static let opening: (directory: String, work: ThreadWork<StateStore?>)? = PlainServeArguments.process.flatMap {
        options in
        guard !options.ephemeral else { return nil }
        let directory = options.state ?? ServeOptions.defaultStateDirectory
        return (directory, ThreadWork { try StateStore.existing(directory: directory) })
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
