import Foundation
import GRDB

/// The tenant's run-time state in SQLite: signing keys, refresh tokens, CIBA requests, vault accounts,
/// login sessions and codes, provider writes. The only place that touches SQL: each kind of record has
/// its own file here with its migration next to its queries, and `migrator` lists them in order.
public final class StateStore: Sendable {
    let database: any DatabaseWriter

    /// Opens (or creates) `{directory}/state.sqlite` in WAL mode, without waiting for the disk: SQLite
    /// never calls `fsync` (`synchronous = OFF`). The file survives the process being killed at any point
    /// (the operating system still holds every write); only a machine crash can lose the newest writes,
    /// which a test tenant can afford, while a sync at start costs tens of milliseconds on a busy disk.
    public static func onDisk(directory: String) throws -> StateStore {
        try PrivateFiles.directory(directory)
        let path = databasePath(in: directory)
        // The database holds the signing key and refresh tokens: readable by its owner only. SQLite gives
        // the -wal and -shm files the database's own mode.
        try PrivateFiles.file(path)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try PrivateFiles.file(path + suffix)
        }
        // One connection (GRDB's pool would set `synchronous = NORMAL` and write the WAL before any
        // setting of ours applies); SQLite answers a read or write in microseconds.
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA page_size = 16384")
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = OFF")
        }
        return try StateStore(database: DatabaseQueue(path: path, configuration: configuration))
    }

    /// The database in `directory` when there is one already, opened as `onDisk` opens it; nil otherwise
    /// (nothing is made).
    public static func existing(directory: String) throws -> StateStore? {
        guard FileManager.default.fileExists(atPath: databasePath(in: directory)) else { return nil }
        return try onDisk(directory: directory)
    }

    /// Where the database of a state directory lives.
    static func databasePath(in directory: String) -> String {
        (directory as NSString).appendingPathComponent("state.sqlite")
    }

    /// A database that lives in memory and disappears with the process.
    public static func inMemory() throws -> StateStore {
        try StateStore(database: DatabaseQueue())
    }

    init(database: any DatabaseWriter) throws {
        self.database = database
        try Self.migrator.migrate(database)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        registerTokenMigration(&migrator)
        registerCIBAMigration(&migrator)
        registerVaultMigration(&migrator)
        registerLoginMigration(&migrator)
        registerProviderMigration(&migrator)
        registerRegisteredClientMigration(&migrator)
        registerSigningKeyRotationMigration(&migrator)
        registerVaultRefreshFailureMigration(&migrator)
        return migrator
    }

    // MARK: Read-modify-write

    /// Reads the record with `key`, lets `change` modify it (or see that it is missing), and saves a
    /// changed record, all in one write transaction: concurrent requests cannot interleave.
    func update<Record: FetchableRecord & PersistableRecord & Equatable, T>(
        _: Record.Type, key: String, _ change: (inout Record?) throws -> T
    ) throws -> T {
        try database.write { db in
            var record = try Record.fetchOne(db, key: key)
            let before = record
            let result = try change(&record)
            if let record, record != before { try record.update(db) }
            return result
        }
    }
}
