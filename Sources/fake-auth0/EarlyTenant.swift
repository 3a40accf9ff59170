import FakeAuth0

/// The tenant of the scenario read early on an existing state database, started on an idle event loop
/// once the scenario is read (`EarlyScenarioReading`) and the database open (`EarlyStateStore`), when the
/// plain command line names nothing else a tenant is made from (`--domain`, `--journal`,
/// `--journal-size`). `serve` takes it when its options are the ones it was started for; otherwise it is
/// let go (what it seeded is seeded again, idempotently) and `serve` starts its own. Nothing it does
/// depends on the options `serve` uses later (ports, host, HTTPS, logging).
enum EarlyTenant {
    /// The start, begun by the first access (`FakeAuth0Command.main` makes it); nil when the command
    /// line is not plain, or names an option that shapes the tenant, or no existing database.
    static let starting: (scenario: String?, directory: String, task: Task<Tenant?, any Error>)? = {
        guard let reading = EarlyScenarioReading.early, let opening = EarlyStateStore.opening,
            let options = PlainServeArguments.process,
            options.domain == nil, options.journal == nil, options.journalSize == nil
        else { return nil }
        let task = Task<Tenant?, any Error> {
            let scenario = try await reading.work.value
            guard let store = try await opening.work.value else { return nil }
            let clock = TenantClock()
            return try await Tenant.start(
                scenario: scenario, store: store, clock: clock,
                journal: Journal(capacity: scenario.tenant.journalSize, clock: clock))
        }
        return (reading.path, opening.directory, task)
    }()

    /// The early tenant when `serve`'s options are the ones it was started for (the same scenario,
    /// no domain, no journal options, an existing database in `directory`); nil otherwise, or
    /// when it could not start (`serve` then starts its own, and reports what goes wrong).
    static func taken(by options: ServeOptions, directory: String?) async -> Tenant? {
        guard let starting, let directory, starting.directory == directory, options.scenario == starting.scenario,
            options.domain == nil, options.journal == nil, options.journalSize == nil
        else { return nil }
        return try? await starting.task.value
    }

    /// Waits until an early start not taken has ended, so that it and `serve`'s own never write the same
    /// database at once (two first signing keys).
    static func settled() async {
        _ = try? await starting?.task.value
    }
}
